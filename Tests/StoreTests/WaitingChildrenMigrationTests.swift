import Foundation
import Testing
@testable import Store

/// SQLite 13 / PostgreSQL 15 on a database that already holds runs: the
/// rebuilt `runs` keeps every row, its events (no cascade on the drop) and
/// foreign keys, accepts `waiting_children`, and names each child's root.
@Suite struct WaitingChildrenMigrationTests {
    static let version: [Backend: Int] = [.sqlite: 13, .postgres: 15]

    @Test(arguments: Backend.all)
    func existingRunsSurviveTheRebuildWithTheirEventsAndRoots(_ backend: Backend) async throws {
        try await withLocation(backend) { location in
            let before = MigrationTests.shipped(backend).filter { $0.version < Self.version[backend]! }
            let old = try await Database.open(location.configuration(migrations: before))
            try await old.transaction(.system, .write) { c in
                for (id, parent) in [("run_top", "NULL"), ("run_kid", "'run_top'"), ("run_grandkid", "'run_kid'")] {
                    _ = try c.execute(
                        """
                        INSERT INTO runs (org_id, id, user_id, project_id, session_key, input, status, parent_run_id, created_at, updated_at)
                        VALUES ('org_a', '\(id)', 'user_1', '', 's', 'hi', 'completed', \(parent),
                                '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z')
                        """, [])
                    _ = try c.execute(
                        """
                        INSERT INTO events (org_id, run_id, seq, id, user_id, project_id, type, ts, payload)
                        VALUES ('org_a', '\(id)', 1, 'evt_\(id)', 'user_1', '', 'run.started', '2026-12-01T10:00:00.000Z', '{}')
                        """, [])
                }
            }
            await old.close()
            let db = try await Database.open(location.configuration)
            #expect(try await MigrationTests.applied(db).map(\.0).last == Self.version[backend])
            let runs = try await db.transaction(.system, .read) { c in
                try c.query("SELECT \(raw: Run.columns) FROM runs ORDER BY id", as: Run.self)
            }
            #expect(runs.map(\.id) == ["run_grandkid", "run_kid", "run_top"])
            #expect(runs.map(\.rootRunID) == ["run_top", "run_top", nil])
            let events = try await db.transaction(.system, .read) { c in
                try c.queryFirst("SELECT COUNT(*) AS n FROM events")?.int("n")
            }
            #expect(events == 3)
            // The new status is accepted; an unknown one still is not.
            try await db.transaction(.system, .write) { c in
                _ = try c.execute("UPDATE runs SET status = 'waiting_children' WHERE id = 'run_top'", [])
            }
            await #expect(throws: (any Error).self) {
                try await db.transaction(.system, .write) { c in _ = try c.execute("UPDATE runs SET status = 'sleeping' WHERE id = 'run_top'", []) }
            }
            // The self-reference still holds: a child of a missing parent is refused.
            await #expect(throws: (any Error).self) {
                try await db.transaction(.system, .write) { c in
                    _ = try c.execute(
                        """
                        INSERT INTO runs (org_id, id, user_id, project_id, session_key, input, status, parent_run_id, created_at, updated_at)
                        VALUES ('org_a', 'run_orphan', 'user_1', '', 's', 'hi', 'pending', 'run_missing',
                                '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z')
                        """, [])
                }
            }
            await db.close()
        }
    }
}
