import Foundation

/// Validates a `JSONValue` against the JSON Schema subset `Schema` produces
/// (type, properties, required, additionalProperties, items, enum, const,
/// bounds, lengths, pattern, anyOf/oneOf/allOf, local `$ref`). Used for
/// request params, tool arguments and, in tests, for our own responses.
public enum SchemaValidator {
    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var message: String
        /// The JSON-RPC error code this failure calls for, when its schema
        /// names one (`x-error-code`, e.g. -32003 for a bad scope); else -32602.
        public var code: Int?
        public var description: String { "\(path): \(message)" }

        public init(path: String, message: String, code: Int? = nil) {
            self.path = path
            self.message = message
            self.code = code
        }
    }

    public static func validate(_ value: JSONValue, against schema: JSONValue, path: String = "$") -> [Failure] {
        var failures: [Failure] = []
        check(value, schema, path: path, root: schema, into: &failures)
        return failures
    }

    private static func check(_ value: JSONValue, _ schema: JSONValue, path: String, root: JSONValue, into failures: inout [Failure]) {
        let before = failures.count
        checkOne(value, schema, path: path, root: root, into: &failures)
        if let code = schema["x-error-code"]?.intValue {
            for i in before..<failures.count where failures[i].code == nil { failures[i].code = Int(code) }
        }
    }

    private static func checkOne(_ value: JSONValue, _ schema: JSONValue, path: String, root: JSONValue, into failures: inout [Failure]) {
        guard case .object(let s) = schema else {
            if schema == .bool(false) { failures.append(Failure(path: path, message: "no value is allowed here")) }
            return
        }
        if let ref = s["$ref"]?.stringValue {
            if let target = resolve(ref, in: root) { check(value, target, path: path, root: root, into: &failures) }
            return
        }
        if let type = s["type"], !matches(value, type: type) {
            let expected = type.stringValue ?? type.arrayValue?.compactMap(\.stringValue).joined(separator: " or ") ?? "?"
            failures.append(Failure(path: path, message: "\(path) must be \(article(expected)) \(expected), not \(value.typeName)"))
            return
        }
        if let allowed = s["enum"]?.arrayValue, !allowed.contains(where: { equal($0, value) }) {
            let list = allowed.map(\.description).joined(separator: ", ")
            failures.append(Failure(path: path, message: "\(path) must be one of \(list)"))
        }
        if let constant = s["const"], !equal(constant, value) {
            failures.append(Failure(path: path, message: "\(path) must be \(constant)"))
        }
        switch value {
        case .string(let str): checkString(str, s, path: path, into: &failures)
        case .int, .double: checkNumber(value.doubleValue ?? 0, s, path: path, into: &failures)
        case .array(let items): checkArray(items, s, path: path, root: root, into: &failures)
        case .object(let members): checkObject(members, s, path: path, root: root, into: &failures)
        default: break
        }
        if let all = s["allOf"]?.arrayValue {
            for sub in all { check(value, sub, path: path, root: root, into: &failures) }
        }
        if let any = s["anyOf"]?.arrayValue {
            let results = any.map { validate(value, against: $0, root: root, path: path) }
            if !results.contains(where: \.isEmpty) {
                failures.append(results.min(by: { $0.count < $1.count })?.first ?? Failure(path: path, message: "\(path) matches none of the allowed shapes"))
            }
        }
        if let one = s["oneOf"]?.arrayValue {
            let passing = one.filter { validate(value, against: $0, root: root, path: path).isEmpty }.count
            if passing != 1 {
                failures.append(Failure(path: path, message: "\(path) must match exactly one allowed shape (matched \(passing))"))
            }
        }
    }

    private static func validate(_ value: JSONValue, against schema: JSONValue, root: JSONValue, path: String) -> [Failure] {
        var failures: [Failure] = []
        check(value, schema, path: path, root: root, into: &failures)
        return failures
    }

    private static func checkString(_ str: String, _ s: [String: JSONValue], path: String, into failures: inout [Failure]) {
        let count = str.count
        if let min = s["minLength"]?.intValue, count < min {
            failures.append(Failure(path: path, message: min == 1 ? "\(path) must not be empty" : "\(path) must be at least \(min) characters"))
        }
        if let max = s["maxLength"]?.intValue, count > max {
            failures.append(Failure(path: path, message: "\(path) must be at most \(max) characters"))
        }
        if let pattern = s["pattern"]?.stringValue, let regex = PatternCache.shared.regex(pattern) {
            let range = NSRange(str.startIndex..., in: str)
            if regex.firstMatch(in: str, range: range) == nil {
                failures.append(Failure(path: path, message: "\(path) must match \(pattern)"))
            }
        }
        if s["format"]?.stringValue == "date-time", ISO8601.parse(str) == nil {
            failures.append(Failure(path: path, message: "\(path) must be an RFC 3339 timestamp"))
        }
    }

    private static func checkNumber(_ n: Double, _ s: [String: JSONValue], path: String, into failures: inout [Failure]) {
        if let min = s["minimum"]?.doubleValue, n < min {
            failures.append(Failure(path: path, message: "\(path) must be ≥ \(format(min))"))
        }
        if let max = s["maximum"]?.doubleValue, n > max {
            failures.append(Failure(path: path, message: "\(path) must be ≤ \(format(max))"))
        }
        if let min = s["exclusiveMinimum"]?.doubleValue, n <= min {
            failures.append(Failure(path: path, message: "\(path) must be > \(format(min))"))
        }
        if let max = s["exclusiveMaximum"]?.doubleValue, n >= max {
            failures.append(Failure(path: path, message: "\(path) must be < \(format(max))"))
        }
    }

    private static func checkArray(_ items: [JSONValue], _ s: [String: JSONValue], path: String, root: JSONValue, into failures: inout [Failure]) {
        if let min = s["minItems"]?.intValue, items.count < min {
            failures.append(Failure(path: path, message: "\(path) must have at least \(min) item\(min == 1 ? "" : "s")"))
        }
        if let max = s["maxItems"]?.intValue, items.count > max {
            failures.append(Failure(path: path, message: "\(path) must have at most \(max) items"))
        }
        if let itemSchema = s["items"] {
            for (i, item) in items.enumerated() {
                check(item, itemSchema, path: "\(path)[\(i)]", root: root, into: &failures)
            }
        }
    }

    private static func checkObject(_ members: [String: JSONValue], _ s: [String: JSONValue], path: String, root: JSONValue, into failures: inout [Failure]) {
        let properties = s["properties"]?.objectValue ?? [:]
        for key in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[key] == nil {
            failures.append(Failure(path: "\(path).\(key)", message: "missing required field \(path).\(key)"))
        }
        for key in members.keys.sorted() {
            let child = "\(path).\(key)"
            if let sub = properties[key] {
                check(members[key]!, sub, path: child, root: root, into: &failures)
            } else if let additional = s["additionalProperties"] {
                if additional == .bool(false) {
                    failures.append(Failure(path: child, message: "unknown field \(child)"))
                } else {
                    check(members[key]!, additional, path: child, root: root, into: &failures)
                }
            }
        }
    }

    private static func matches(_ value: JSONValue, type: JSONValue) -> Bool {
        if let list = type.arrayValue { return list.contains { matches(value, type: $0) } }
        switch (type.stringValue, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): return true
        case ("number", .int), ("number", .double), ("integer", .int): return true
        case ("integer", .double(let d)): return d.rounded() == d
        default: return false
        }
    }

    /// Numbers compare by value (1 == 1.0), everything else structurally.
    private static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }

    private static func resolve(_ ref: String, in root: JSONValue) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: JSONValue? = root
        for part in ref.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    private static func article(_ word: String) -> String {
        guard let first = word.first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }

    private static func format(_ d: Double) -> String {
        d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
}

/// Compiled regular expressions by pattern; schemas reuse a handful.
final class PatternCache: @unchecked Sendable {
    // @unchecked: `cache` is only touched while `lock` is held.
    static let shared = PatternCache()
    private let lock = NSLock()
    private var cache: [String: NSRegularExpression] = [:]

    func regex(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let r = cache[pattern] { return r }
        // JSON Schema patterns are ECMA-262: `$` (without the m flag) is the
        // end of the input only; ICU's `$` also matches before a final line
        // break, which would let "id\n" through `^[a-z]+$`.
        var compiled = pattern
        if pattern.hasSuffix("$") && !pattern.hasSuffix("\\$") { compiled = String(pattern.dropLast()) + "\\z" }
        let r = try? NSRegularExpression(pattern: compiled)
        cache[pattern] = r
        return r
    }
}
