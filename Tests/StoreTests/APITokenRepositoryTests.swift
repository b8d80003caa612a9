import Foundation
import Testing
@testable import Store

/// API tokens on both backends: stored by hash, listed newest first,
/// revoked once; on PostgreSQL no tenant transaction can read the table.
@Suite struct APITokenRepositoryTests {
    @Test(arguments: Backend.all)
    func tokensAreCreatedListedAndRevokedOnce(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            #expect(try await db.apiTokens.activeCount() == 0)
            let early = Date(timeIntervalSince1970: 1_800_000_000)
            let a = try await db.apiTokens.create(id: "tok_A", scope: Tenants.c, name: "ci", secretHash: String(repeating: "a", count: 64), now: early)
            #expect(a.orgID == "org_a" && a.userID == "user_1" && a.projectID == "proj_x" && !a.isRevoked)
            _ = try await db.apiTokens.create(id: "tok_B", scope: Tenants.d, name: "", secretHash: String(repeating: "b", count: 64),
                                              now: early.addingTimeInterval(1))
            #expect(try await db.apiTokens.activeCount() == 2)
            #expect(try await db.apiTokens.list(orgID: nil, includeRevoked: false).map(\.id) == ["tok_B", "tok_A"])
            #expect(try await db.apiTokens.list(orgID: "org_a", includeRevoked: false).map(\.id) == ["tok_A"])
            #expect(try await db.apiTokens.get("tok_A")?.secretHash == String(repeating: "a", count: 64))

            let revoked = try #require(try await db.apiTokens.revoke("tok_A", now: early.addingTimeInterval(5)))
            #expect(revoked.revokedAt == early.addingTimeInterval(5))
            let twice = try #require(try await db.apiTokens.revoke("tok_A", now: early.addingTimeInterval(9)))
            #expect(twice.revokedAt == early.addingTimeInterval(5), "the first revocation stands")
            #expect(try await db.apiTokens.revoke("tok_none") == nil)
            #expect(try await db.apiTokens.activeCount() == 1)
            #expect(try await db.apiTokens.list(orgID: nil, includeRevoked: false).map(\.id) == ["tok_B"])
            #expect(try await db.apiTokens.list(orgID: nil, includeRevoked: true).count == 2)
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func noTenantTransactionCanReadTheTokens(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            _ = try await db.apiTokens.create(id: "tok_A", scope: Tenants.a, name: "", secretHash: String(repeating: "a", count: 64))
            let seen = try await db.transaction(.tenant(Tenants.a), .read) { c in try c.query("SELECT id FROM api_tokens").count }
            #expect(seen == 0)
        }
    }
}
