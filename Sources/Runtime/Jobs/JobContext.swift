import Foundation
import JSON
import Store
import Synchronization

/// What a job body reports through while it works: the number of items,
/// each item done or failed (a failed item is an error of the job, not its
/// end), counters, and a checkpoint of named values. Every report is stored
/// with its `job.progress` event before the call returns, so a job killed at
/// any point resumes from its last report: `isDone` tells which items to skip.
public final class JobContext: Sendable {
    struct State {
        var itemsTotal: Int
        var itemsDone: Int
        var errors: [JSONValue]
        var done: Set<String>
        var values: [String: JSONValue]
        var stats: [String: JSONValue]
        var cancelRequested: Bool
        var lost = false
    }

    public let job: Job
    let repository: JobRepository
    let owner: String
    let state: Mutex<State>

    init(job: Job, repository: JobRepository, owner: String) {
        self.job = job
        self.repository = repository
        self.owner = owner
        let checkpoint = (try? JSONParser.parse(job.checkpoint)) ?? [:]
        let done = Set(checkpoint["done"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let values = checkpoint["values"]?.objectValue ?? [:]
        let errors = (try? JSONParser.parse(job.errors))?.arrayValue ?? []
        let stats = (try? JSONParser.parse(job.stats))?.objectValue ?? [:]
        state = Mutex(State(itemsTotal: job.itemsTotal, itemsDone: job.itemsDone, errors: errors, done: done, values: values,
                            stats: stats, cancelRequested: job.cancelRequested))
    }

    /// The job's input, parsed.
    public var spec: JSONValue { (try? JSONParser.parse(job.spec)) ?? [:] }

    /// True when an earlier attempt already finished `item`.
    public func isDone(_ item: String) -> Bool { state.withLock { $0.done.contains(item) } }

    /// A value an earlier attempt saved with `save(_:_:)`.
    public func value(_ key: String) -> JSONValue? { state.withLock { $0.values[key] } }

    public var stats: [String: JSONValue] { state.withLock { $0.stats } }
    public var errorCount: Int { state.withLock { $0.errors.count } }
    public var itemsDone: Int { state.withLock { $0.itemsDone } }
    public var itemsTotal: Int { state.withLock { $0.itemsTotal } }

    /// Throws `JobStop.cancelled` once `jobs/cancel` asked, `JobStop.lost` once the lease is gone.
    public func checkCancelled() throws {
        let (cancelled, lost) = state.withLock { ($0.cancelRequested, $0.lost) }
        if lost { throw JobStop.lost }
        if cancelled { throw JobStop.cancelled }
        if Task.isCancelled { throw JobStop.lost }
    }

    func observe(_ fresh: Job?) {
        state.withLock { s in
            if let fresh { s.cancelRequested = s.cancelRequested || fresh.cancelRequested } else { s.lost = true }
        }
    }

    /// Sets the number of items; announced in a `job.progress` event.
    public func setTotal(_ total: Int, message: String? = nil) async throws {
        state.withLock { $0.itemsTotal = max(total, $0.itemsDone) }
        try await report(["phase": "counted"], message: message)
    }

    /// Adds `by` to a counter of the job's stats (no event of its own).
    public func count(_ key: String, by: Int = 1) {
        state.withLock { s in s.stats[key] = .int((s.stats[key]?.intValue ?? 0) + Int64(by)) }
    }

    /// Keeps a value for a later attempt (a remote task id): stored with a `job.progress` event.
    public func save(_ key: String, _ value: JSONValue, message: String? = nil) async throws {
        state.withLock { $0.values[key] = value }
        try await report(["phase": "saved", "key": .string(key)], message: message)
    }

    /// An informational `job.progress` event (which path the job took, a phase).
    public func note(_ message: String) async throws {
        try await report(["phase": "note"], message: message)
    }

    /// `item` finished; `extra` goes into its event.
    public func itemDone(_ item: String, outcome: String = "done", extra: [String: JSONValue] = [:]) async throws {
        state.withLock { s in
            if s.done.insert(item).inserted { s.itemsDone += 1 }
            s.itemsTotal = max(s.itemsTotal, s.itemsDone)
        }
        var fields = extra
        fields["item"] = .string(item)
        fields["outcome"] = .string(outcome)
        try await report(fields, message: nil)
    }

    /// `item` failed with `message`: recorded in `errors[]`, and the job goes on.
    public func itemFailed(_ item: String, _ message: String) async throws {
        state.withLock { s in
            s.errors.append(["item": .string(item), "message": .string(message)])
            if s.done.insert(item).inserted { s.itemsDone += 1 }
            s.itemsTotal = max(s.itemsTotal, s.itemsDone)
        }
        try await report(["item": .string(item), "outcome": "failed", "error": .string(message)], message: nil)
    }

    /// An error that is not an item's (a source that could not be listed): in `errors[]`, not counted as done.
    public func recordError(_ item: String, _ message: String) async throws {
        state.withLock { $0.errors.append(["item": .string(item), "message": .string(message)]) }
        try await report(["item": .string(item), "outcome": "failed", "error": .string(message)], message: nil)
    }

    var progress: JobProgress {
        state.withLock { s in
            let checkpoint: JSONValue = ["done": .array(s.done.sorted().map(JSONValue.string)), "values": .object(s.values)]
            return JobProgress(itemsTotal: s.itemsTotal, itemsDone: s.itemsDone, errors: JSONValue.array(s.errors).description,
                               checkpoint: checkpoint.description, stats: JSONValue.object(s.stats).description)
        }
    }

    func counters() -> [String: JSONValue] {
        state.withLock { ["items_total": .int(Int64($0.itemsTotal)), "items_done": .int(Int64($0.itemsDone)), "errors": .int(Int64($0.errors.count))] }
    }

    private func report(_ fields: [String: JSONValue], message: String?) async throws {
        var payload = counters()
        payload["job_id"] = .string(job.id)
        for (key, value) in fields { payload[key] = value }
        if let message { payload["message"] = .string(message) }
        let stored = try await repository.record(job, owner: owner, progress: progress,
                                                 event: (type: "job.progress", payload: JSONValue.object(payload).description))
        if !stored {
            state.withLock { $0.lost = true }
            throw JobStop.lost
        }
    }
}

/// Why a job body stopped before its end.
public enum JobStop: Error, Sendable {
    /// `jobs/cancel` asked.
    case cancelled
    /// This process no longer holds the job (shutdown, or another took it over).
    case lost
}

/// A job that cannot go on: it ends `failed` with this message.
public struct JobFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The body of one kind of job. It reports through the context and returns
/// the job's result; an error other than `JobStop` fails the job.
public protocol JobHandler: Sendable {
    var kind: String { get }
    func execute(_ context: JobContext) async throws -> JSONValue
}
