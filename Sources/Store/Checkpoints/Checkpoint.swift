import Foundation

/// A run's saved state after one step. `state` is JSON text, opaque to the
/// Store (the runtime stores only the step's delta: new messages, usage,
/// tool results). One per (run, step).
public struct Checkpoint: Sendable, Hashable {
    public var id: String
    public var runID: String
    public var scope: Scope
    public var step: Int
    public var state: String
    public var createdAt: Date
}

/// A checkpoint to save.
public struct NewCheckpoint: Sendable, Hashable {
    public var step: Int
    /// JSON text.
    public var state: String

    public init(step: Int, state: String) {
        self.step = step
        self.state = state
    }
}

/// Checkpoint statements shared by `CheckpointRepository` and the step commit.
enum CheckpointSQL {
    static func validate(_ checkpoint: NewCheckpoint) throws {
        guard checkpoint.step >= 0 else { throw StoreError(.invalidInput, "step must not be negative", field: "step") }
        try TextRules.jsonText(checkpoint.state, field: "state")
    }

    /// The caller has checked (or locked) the run in `scope`.
    static func insert(_ c: any SQLConnection, _ checkpoint: NewCheckpoint, runID: String, scope: Scope, now: Date) throws -> Checkpoint {
        let id = Identifier.make(prefix: "ckpt_", now: now)
        do {
            try c.execute(
                """
                INSERT INTO checkpoints (org_id, user_id, project_id, id, run_id, step, state, created_at)
                VALUES (\(.text(scope.orgID)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(id)), \(.text(runID)),
                    \(.int(checkpoint.step)), \(.text(checkpoint.state)), \(.date(now)))
                """)
        } catch var error as StoreError where error.code == .conflict {
            error.message = "run \(runID) already has a checkpoint for step \(checkpoint.step)"
            error.field = "step"
            throw error
        }
        return Checkpoint(id: id, runID: runID, scope: scope, step: checkpoint.step, state: checkpoint.state, createdAt: Timestamp.truncated(now))
    }
}

extension Checkpoint: RowDecodable {
    static let columns = "org_id, id, user_id, project_id, run_id, step, state, created_at"

    public init(row: Row) throws {
        self.init(
            id: try row.string("id"),
            runID: try row.string("run_id"),
            scope: Scope(trusted: try row.string("org_id"), userID: try row.string("user_id"), projectKey: try row.string("project_id")),
            step: try row.int("step"),
            state: try row.string("state"),
            createdAt: try row.date("created_at"))
    }
}
