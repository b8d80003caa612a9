import Store

/// The repositories the runtime works through, over one database.
public struct Stores: Sendable {
    public let database: any SQLDatabase
    public let runs: RunRepository
    public let queue: RunQueueRepository
    public let events: EventRepository
    public let checkpoints: CheckpointRepository

    public init(database: any SQLDatabase) {
        self.database = database
        runs = RunRepository(database: database)
        queue = RunQueueRepository(database: database)
        events = EventRepository(database: database)
        checkpoints = CheckpointRepository(database: database)
    }
}
