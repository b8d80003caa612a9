import Foundation
import Hummingbird
import HTTPTypes
import JSON
import REST

/// What the adapter reads from a request besides its path: the body (up to
/// the size limit), the bearer token, the scope headers, the resume point.
enum RequestReading {
    static let scopeHeaders = ["x-org-id", "x-user-id", "x-project-id"].compactMap { HTTPField.Name($0) }
    static let lastEventID = HTTPField.Name("last-event-id")!

    /// The body as JSON, nil when empty; 413 past `limit`, 400 when not JSON.
    static func jsonBody(_ request: Request, limit: Int) async throws -> JSONValue? {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw RESTError.bodyTooLarge(limit: limit) }
        var bytes: [UInt8] = []
        for try await buffer in request.body {
            if bytes.count + buffer.readableBytes > limit { throw RESTError.bodyTooLarge(limit: limit) }
            bytes.append(contentsOf: buffer.readableBytesView)
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw RESTError.validation("the request body is not valid JSON: \(error)", field: nil)
        }
    }

    /// The body's bytes as they came; 413 past `limit`.
    static func rawBody(_ request: Request, limit: Int) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw RESTError.bodyTooLarge(limit: limit) }
        var bytes: [UInt8] = []
        for try await buffer in request.body {
            if bytes.count + buffer.readableBytes > limit { throw RESTError.bodyTooLarge(limit: limit) }
            bytes.append(contentsOf: buffer.readableBytesView)
        }
        return bytes
    }

    static let fileName = HTTPField.Name("x-filename")!

    /// `Authorization: Bearer <token>`; on stream routes also `?access_token=`.
    static func token(_ request: Request, query: [(name: String, value: String)], allowQuery: Bool) -> String? {
        if let header = request.headers[.authorization] {
            // "Bearer <token>", the scheme in any case; anything else is a token that fails.
            let bytes = Array(header.utf8)
            guard bytes.count > 7, String(decoding: bytes[0..<7], as: UTF8.self).lowercased() == "bearer " else { return "" }
            return String(decoding: bytes[7...].drop { $0 == 0x20 }, as: UTF8.self)
        }
        if allowQuery { return query.last(where: { $0.name == "access_token" })?.value }
        return nil
    }

    static func scopeHeaders(_ request: Request) -> [String: String] {
        var headers: [String: String] = [:]
        for name in scopeHeaders { if let value = request.headers[name] { headers[name.canonicalName] = value } }
        return headers
    }

    /// Where a run stream starts: `Last-Event-ID` > `after_seq` > `cursor` > 0.
    static func resumePoint(_ request: Request, query: [(name: String, value: String)]) throws(RESTError) -> Int64 {
        if let header = request.headers[lastEventID], !header.isEmpty {
            guard let seq = Int64(header.trimmingCharacters(in: .whitespaces)), seq >= 0 else {
                throw RESTError.validation("Last-Event-ID must be the seq of an event", field: "Last-Event-ID")
            }
            return seq
        }
        for name in ["after_seq", "cursor"] {
            if let text = query.last(where: { $0.name == name })?.value {
                guard let seq = Int64(text), seq >= 0 else { throw RESTError.validation("\(name) must be a seq (an integer ≥ 0)", field: name) }
                return seq
            }
        }
        return 0
    }
}
