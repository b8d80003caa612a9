import Foundation

/// Bridges `Codable` types and `JSONValue` (through `JSONValueDecoder` and
/// `JSONBytesEncoder`, no Foundation coder), turning decoding failures into a
/// JSON path (`params.agent.max_steps`) a client can act on.
public enum JSONValueCoding {
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, path: String = "params") throws(JSONDecodingFailure) -> T {
        do {
            return try JSONValueDecoder().decode(T.self, from: value)
        } catch let error as DecodingError {
            throw JSONDecodingFailure(error, root: path)
        } catch {
            throw JSONDecodingFailure(message: "\(path) is invalid: \(error)", path: path)
        }
    }

    /// Compact JSON bytes, written once (see `JSONBytesEncoder`).
    public static func encodeBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        try JSONBytesEncoder().encode(value)
    }

    public static func encodeData<T: Encodable>(_ value: T) throws -> Data {
        Data(try encodeBytes(value))
    }

    public static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        if let v = value as? JSONValue { return v }
        return try JSONParser.parse(encodeBytes(value))
    }

    /// `root.a.b[2]` from a coding path.
    public static func path(_ codingPath: [any CodingKey], root: String) -> String {
        var out = root
        for key in codingPath {
            if let i = key.intValue { out += "[\(i)]" } else { out += "." + key.stringValue }
        }
        return out
    }
}

/// Why a JSON value did not decode into a type, and where: `path` names the
/// field (`params.agent.max_steps`); callers turn it into their own error.
public struct JSONDecodingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var path: String
    public var description: String { message }

    public init(message: String, path: String) {
        self.message = message
        self.path = path
    }

    init(_ error: DecodingError, root: String) {
        switch error {
        case .keyNotFound(let key, let ctx):
            path = JSONValueCoding.path(ctx.codingPath + [key], root: root)
            message = "missing required field \(path)"
        case .typeMismatch(let type, let ctx):
            path = JSONValueCoding.path(ctx.codingPath, root: root)
            message = "\(path) has the wrong type (expected \(Self.typeName(type)))"
        case .valueNotFound(let type, let ctx):
            path = JSONValueCoding.path(ctx.codingPath, root: root)
            message = "\(path) must not be null (expected \(Self.typeName(type)))"
        case .dataCorrupted(let ctx):
            path = JSONValueCoding.path(ctx.codingPath, root: root)
            message = "\(path) is invalid: \(ctx.debugDescription)"
        @unknown default:
            path = root
            message = "invalid params"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "string"
        case is Bool.Type: return "boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type: return "integer"
        case is Double.Type, is Float.Type: return "number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "array" }
            return "object"
        }
    }
}
