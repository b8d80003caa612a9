import Foundation
import Testing
@testable import Store

/// Tenants used across the tests: B differs from A by user, C by project,
/// D by org; none may ever see another's rows.
enum Tenants {
    static let a = try! Scope(orgID: "org_a", userID: "user_1")
    static let b = try! Scope(orgID: "org_a", userID: "user_2")
    static let c = try! Scope(orgID: "org_a", userID: "user_1", projectID: "proj_x")
    static let d = try! Scope(orgID: "org_b", userID: "user_1")
    static let others = [b, c, d]
}

extension Database {
    /// A pending run with defaults, for tests that need one.
    func makeRun(_ scope: Scope, session: String = "s_default", input: String = "hello", now: Date = Date()) async throws -> Run {
        try await runs.create(NewRun(sessionKey: session, input: input), in: scope, now: now).run
    }
}

/// JSON compared by value: PostgreSQL's jsonb re-serialises text.
enum JSONValue: Equatable, Decodable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}

func expectSameJSON(_ actual: String?, _ expected: String?, sourceLocation: SourceLocation = #_sourceLocation) throws {
    guard let actual, let expected else {
        #expect(actual == expected, sourceLocation: sourceLocation)
        return
    }
    #expect(try JSONValue.parse(actual) == JSONValue.parse(expected), sourceLocation: sourceLocation)
}

/// Expects `body` to throw a `StoreError` with `code`; returns it for more checks.
@discardableResult
func expectStoreError<T>(_ code: StoreError.Code, sourceLocation: SourceLocation = #_sourceLocation,
                         _ body: () async throws -> T) async -> StoreError? {
    do {
        _ = try await body()
        Issue.record("expected StoreError \(code), got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as StoreError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected StoreError \(code), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
