import Foundation
import Store

/// API tokens for the REST adapter: `oit_<id>_<secret>`, where the id finds
/// the record and the secret (32 random bytes, base64url) proves it. Only
/// the secret's SHA-256 is stored, and it is compared in constant time.
/// A token is never logged, and is shown once, when it is made.
public struct TokenService: Sendable {
    let stores: Database

    init(stores: Database) { self.stores = stores }

    /// What a valid token speaks for.
    public struct Identity: Sendable, Hashable {
        public var tokenID: String
        public var orgID: String
        public var userID: String
        public var projectID: String?
    }

    static let prefix = "oit_"

    /// Makes a token bound to `scope` and returns it with its record; the
    /// token cannot be recovered later.
    public func create(scope: Scope, name: String = "", now: Date = Date()) async throws -> (token: String, record: APIToken) {
        let id = Identifier.make(prefix: "tok_", now: now)
        let secret = Self.randomSecret()
        let record = try await stores.apiTokens.create(id: id, scope: scope, name: name, secretHash: SHA256.hex(secret), now: now)
        return (Self.prefix + id.dropFirst(4) + "_" + secret, record)
    }

    public func list(orgID: String? = nil, includeRevoked: Bool = false) async throws -> [APIToken] {
        try await stores.apiTokens.list(orgID: orgID, includeRevoked: includeRevoked)
    }

    /// Revokes by id (`tok_…`); `.notFound` when there is no such token.
    public func revoke(_ id: String) async throws -> APIToken {
        guard let token = try await stores.apiTokens.revoke(id) else {
            throw RuntimeError(.notFound, "no token \(id)", path: "params.token_id")
        }
        return token
    }

    public func activeCount() async throws -> Int {
        try await stores.apiTokens.activeCount()
    }

    /// The identity of a valid, unrevoked token; `.unauthorized` otherwise,
    /// with one message for every failure (nothing tells a guesser which part was wrong).
    public func verify(_ token: String) async throws -> Identity {
        let refused = RuntimeError(.unauthorized, "invalid or revoked token")
        guard let (id, secret) = Self.split(token), let record = try await stores.apiTokens.get(id) else { throw refused }
        guard Self.constantTimeEqual(SHA256.hex(secret), record.secretHash), !record.isRevoked else { throw refused }
        return Identity(tokenID: record.id, orgID: record.orgID, userID: record.userID, projectID: record.projectID)
    }

    /// `oit_<26 characters of id>_<secret>` → (`tok_<id>`, secret).
    static func split(_ token: String) -> (String, String)? {
        let bytes = Array(token.utf8)
        let prefix = Array(Self.prefix.utf8)
        let idLength = 26
        guard bytes.count > prefix.count + idLength + 1, bytes.count <= 256, Array(bytes.prefix(prefix.count)) == prefix,
              bytes[prefix.count + idLength] == UInt8(ascii: "_") else { return nil }
        let id = bytes[prefix.count..<(prefix.count + idLength)]
        guard id.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }) else { return nil }
        let secret = bytes[(prefix.count + idLength + 1)...]
        return ("tok_" + String(decoding: id, as: UTF8.self), String(decoding: secret, as: UTF8.self))
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    /// 32 bytes from the system's CSPRNG (getrandom on Linux), base64url without padding.
    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

extension RuntimeError.Code {
    /// A credential is missing, malformed, unknown or revoked.
    public static let unauthorized = RuntimeError.Code("unauthorized")
}
