import Foundation
import Store

/// What `system/health` says about the database: the result of one probe
/// query (`Database.probe`), reused for a second so health checks cost at
/// most one round trip a second. A probe that does not answer within
/// `timeout` counts as a failure; the next check waits for it no longer.
public actor StorageHealth {
    public struct Snapshot: Sendable {
        public var available: Bool
        public var error: String?
        /// Since when the state has been what it is.
        public var since: Date
        /// Runs waiting in the queue (all tenants), when the probe answered.
        public var pending: Int?
    }

    private let database: Database
    private let timeout: Duration
    private let freshFor: Duration
    private var snapshot = Snapshot(available: true, error: nil, since: Date(), pending: nil)
    private var checkedAt: ContinuousClock.Instant?
    private var probing: Task<Snapshot, Never>?

    init(database: Database, timeout: Duration = .seconds(1), freshFor: Duration = .seconds(1)) {
        self.database = database
        self.timeout = timeout
        self.freshFor = freshFor
    }

    public func current() async -> Snapshot {
        if let checkedAt, ContinuousClock.now - checkedAt < freshFor { return snapshot }
        let task = probing ?? startProbe()
        probing = task
        let outcome = await withTaskGroup(of: Snapshot?.self) { group in
            group.addTask { await task.value }
            group.addTask { [timeout] in
                try? await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return await group.next() ?? nil
        }
        let now = ContinuousClock.now
        if let outcome {
            probing = nil
            record(outcome.available, error: outcome.error, pending: outcome.pending)
        } else {
            record(false, error: "the database did not answer within \(timeout.components.seconds) s", pending: nil)
        }
        checkedAt = now
        return snapshot
    }

    private func startProbe() -> Task<Snapshot, Never> {
        let database = self.database
        return Task {
            do {
                let pending = try await database.probe()
                return Snapshot(available: true, error: nil, since: Date(), pending: pending)
            } catch {
                return Snapshot(available: false, error: "\(error)", since: Date(), pending: nil)
            }
        }
    }

    private func record(_ available: Bool, error: String?, pending: Int?) {
        let since = available == snapshot.available ? snapshot.since : Date()
        snapshot = Snapshot(available: available, error: error, since: since, pending: pending ?? (available ? snapshot.pending : nil))
    }
}
