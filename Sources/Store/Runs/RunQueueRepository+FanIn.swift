import Foundation

extension RunQueueRepository {
    /// Puts back in the queue every run waiting for its children whose
    /// children have all ended (fan-in), or whose cancel was requested while
    /// it was parking (its worker then stops it at once), across tenants;
    /// returns them. One
    /// statement: on PostgreSQL the parent's row lock orders workers that
    /// run it at once (the second re-checks `status` and skips the row), and
    /// a child that ends after the statement's snapshot is seen by the next
    /// call, so no parent is resumed twice or forgotten; the queue calls it
    /// whenever a run ends and on every poll.
    public func resumeFannedIn(now: Date = Date()) async throws -> [Run] {
        try await database.transaction(.system, .write) { c in
            try c.query(
                """
                UPDATE runs SET status = 'pending', updated_at = \(.date(now))
                WHERE status = 'waiting_children' AND (cancel_requested OR NOT EXISTS (
                    SELECT 1 FROM runs k WHERE k.org_id = runs.org_id AND k.parent_run_id = runs.id
                      AND k.status NOT IN ('completed', 'failed', 'cancelled')))
                RETURNING \(raw: Run.columns)
                """, as: Run.self)
        }
    }
}
