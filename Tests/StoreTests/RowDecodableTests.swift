import Foundation
import Testing
@testable import Store

/// A type read by `RowDecodable` comes back as it was written, and a row
/// that does not fit the type is an `.internal` error, not a wrong value.
@Suite struct RowDecodableTests {
    @Test(arguments: Backend.all)
    func aRunReadAsRunIsTheRunTheRepositoryWrote(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let created = try await db.runs.create(
                NewRun(sessionKey: "s1", input: "hi", metadata: #"{"k":1}"#, idempotencyKey: "key-1"), in: Tenants.a).run
            let read = try await db.transaction(.tenant(Tenants.a), .read) { c in
                try c.query("SELECT \(raw: Run.columns) FROM runs WHERE \(.inScope(Tenants.a)) AND id = \(.text(created.id))", as: Run.self)
            }
            #expect(read.count == 1)
            var first = try #require(read.first)
            // PostgreSQL may re-space JSON text; the value is the same.
            try expectSameJSON(first.metadata, created.metadata)
            first.metadata = created.metadata
            #expect(first == created)
            let none = try await db.transaction(.tenant(Tenants.b), .read) { c in
                try c.queryFirst("SELECT \(raw: Run.columns) FROM runs WHERE \(.inScope(Tenants.b)) AND id = \(.text(created.id))", as: Run.self)
            }
            #expect(none == nil)
        }
    }

    @Test func aRowThatDoesNotFitItsTypeIsAnInternalError() async {
        let ref = try? GroupRef(row: Row(columns: ["id", "name"], values: [.text("grp_1"), .text("team")]))
        #expect(ref == GroupRef(id: "grp_1", name: "team"))
        await expectStoreError(.internal) { try GroupRef(row: Row(columns: ["id"], values: [.text("grp_1")])) }
        let approval = Row(
            columns: ["org_id", "id", "user_id", "project_id", "run_id", "call_id", "tool_name", "args", "status", "created_at"],
            values: ["o", "apr_1", "u", "", "run_1", "c", "t", "{}", "maybe", "2025-01-01T00:00:00.000Z"])
        await expectStoreError(.internal) { try Approval(row: approval) }
    }
}
