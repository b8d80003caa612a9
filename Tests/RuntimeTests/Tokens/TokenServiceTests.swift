import Foundation
import Store
import TestSupport
import Testing
@testable import Runtime

/// A token proves itself by its secret alone: the record is found by the id
/// inside it, the secret's hash must match, and a revoked or mangled token
/// is refused with one message.
@Suite struct TokenServiceTests {
    @Test(arguments: Backend.all)
    func aTokenVerifiesUntilItIsRevokedAndNothingElseDoes(_ backend: Backend) async throws {
        try await withEngine(backend, running: false) { engine in
            let scope = try Scope(orgID: "acme", userID: "ann", projectID: "p1")
            let (token, record) = try await engine.tokens.create(scope: scope, name: "laptop")
            #expect(token.hasPrefix("oit_") && token.count == 4 + 26 + 1 + 43)
            #expect(record.id.hasPrefix("tok_") && record.secretHash.count == 64 && !token.contains(record.secretHash))
            let identity = try await engine.tokens.verify(token)
            #expect(identity == TokenService.Identity(tokenID: record.id, orgID: "acme", userID: "ann", projectID: "p1"))

            var wrongSecret = Array(token)
            wrongSecret[wrongSecret.count - 1] = wrongSecret.last == "A" ? "B" : "A"
            for bad in [String(wrongSecret), "oit_", "oit_" + String(repeating: "0", count: 26) + "_x", "Bearer " + token, "", token + "x"] {
                await #expect(throws: RuntimeError.self) { _ = try await engine.tokens.verify(bad) }
            }
            #expect(try await engine.tokens.activeCount() == 1)
            _ = try await engine.tokens.revoke(record.id)
            await #expect(throws: RuntimeError.self) { _ = try await engine.tokens.verify(token) }
            #expect(try await engine.tokens.activeCount() == 0)
            await #expect(throws: RuntimeError.self) { _ = try await engine.tokens.revoke("tok_missing") }
        }
    }

    @Test func secretsCompareInConstantTimeAndAreNeverRepeated() {
        #expect(TokenService.constantTimeEqual("abc", "abc"))
        #expect(!TokenService.constantTimeEqual("abc", "abd"))
        #expect(!TokenService.constantTimeEqual("abc", "abcd"))
        let secrets = Set((0..<100).map { _ in TokenService.randomSecret() })
        #expect(secrets.count == 100 && secrets.allSatisfy { $0.count == 43 && !$0.contains("=") && !$0.contains("/") })
    }
}
