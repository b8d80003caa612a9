import Store

/// Executes claimed runs of one kind in place of the agent loop. The queue
/// picks a driver by the run's agent id prefix; a group run's orchestrator
/// is one (`group:`), registered by the engine — so the queue, which sits
/// below teams, knows no team types.
protocol RunDriver: Sendable {
    func execute(_ run: Run, control: RunControl) async -> Executor.Outcome
}

/// The drivers a queue knows, by agent id prefix; each is made for the
/// queue that executes the run (a driver may run members inline on it).
struct RunDrivers: Sendable {
    private var entries: [(prefix: String, make: @Sendable (RunQueue) -> any RunDriver)] = []

    init() {}

    mutating func register(prefix: String, _ make: @escaping @Sendable (RunQueue) -> any RunDriver) {
        entries.append((prefix, make))
    }

    func driver(for run: Run, on queue: RunQueue) -> (any RunDriver)? {
        entries.first { run.agentID.hasPrefix($0.prefix) }.map { $0.make(queue) }
    }
}
