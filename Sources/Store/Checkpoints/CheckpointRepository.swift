import Foundation

/// Per-step checkpoints of a run, for resuming after a crash. Usually written
/// by `EventRepository.commitStep` together with the step's events.
public struct CheckpointRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Saves a checkpoint; `.notFound` when the run is not in `scope`,
    /// `.conflict` when the step already has one.
    public func save(_ checkpoint: NewCheckpoint, for runID: String, in scope: Scope, now: Date = Date()) async throws -> Checkpoint {
        try CheckpointSQL.validate(checkpoint)
        return try await database.transaction(.tenant(scope), .write) { c in
            try RunSQL.requireExists(c, id: runID, scope: scope)
            return try CheckpointSQL.insert(c, checkpoint, runID: runID, scope: scope, now: now)
        }
    }

    /// All checkpoints of a run, by step.
    public func list(for runID: String, in scope: Scope) async throws -> [Checkpoint] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query(
                "SELECT \(raw: Checkpoint.columns) FROM checkpoints WHERE \(.inScope(scope)) AND run_id = \(.text(runID)) ORDER BY step",
                as: Checkpoint.self)
        }
    }

    /// The checkpoint with the highest step, if any.
    public func latest(for runID: String, in scope: Scope) async throws -> Checkpoint? {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst(
                "SELECT \(raw: Checkpoint.columns) FROM checkpoints WHERE \(.inScope(scope)) AND run_id = \(.text(runID)) ORDER BY step DESC LIMIT 1",
                as: Checkpoint.self)
        }
    }
}
