import Foundation
import JSON
import Logging
import Store
import Synchronization

/// Durable background jobs: creating, reading and cancelling them for a
/// scope, and the runner that executes them. The runner claims a job with a
/// lease it renews while the body works; a process that dies leaves a lease
/// that a new process takes over (at once when the dead owner is on this
/// host), and the body resumes from its checkpoint.
public final class JobService: Sendable {
    public struct Settings: Sendable {
        public var lease: Duration = .seconds(30)
        public var poll: Duration = .milliseconds(250)
        public var concurrency = 2
        public init() {}
    }

    let repository: JobRepository
    let settings: Settings
    let owner = WorkerIdentity.make()
    private let handlers: Mutex<[String: any JobHandler]> = Mutex([:])
    private let stopping = Mutex(false)
    private let running = Mutex(0)
    private let logger = Logger(label: "oi.jobs")

    init(repository: JobRepository, settings: Settings) {
        self.repository = repository
        self.settings = settings
    }

    public func register(_ handler: any JobHandler) {
        handlers.withLock { $0[handler.kind] = handler }
    }

    // MARK: - The caller's side

    public func create(_ new: NewJob, in scope: Scope) async throws -> Job {
        guard handlers.withLock({ $0[new.kind] }) != nil else { throw RuntimeError(.internal, "no handler for jobs of kind \(new.kind)") }
        return try await repository.create(new, in: scope)
    }

    public func get(_ id: String, in scope: Scope) async throws -> Job {
        guard let job = try await repository.get(id, in: scope) else { throw RuntimeError(.notFound, "job \(id) not found", path: "params.job_id") }
        return job
    }

    public func list(in scope: Scope, kind: String? = nil, connectorID: String? = nil, state: String? = nil, limit: Int = 20) async throws -> [Job] {
        try await repository.list(in: scope, kind: kind, connectorID: connectorID, state: state, limit: limit)
    }

    /// A pending job ends at once; a running one stops at its next report.
    public func cancel(_ id: String, in scope: Scope) async throws -> Job {
        let payload: JSONValue = ["job_id": .string(id), "reason": "cancelled by request"]
        do {
            guard let job = try await repository.requestCancel(id, in: scope, eventPayload: payload.description) else {
                throw RuntimeError(.notFound, "job \(id) not found", path: "params.job_id")
            }
            return job
        } catch let e as StoreError where e.code == .invalidState {
            throw RuntimeError(.invalidState, e.message, path: "params.job_id")
        }
    }

    public func events(_ id: String, in scope: Scope, afterSeq: Int64 = 0, limit: Int = 500) async throws -> [JobEvent] {
        try await repository.events(id, in: scope, afterSeq: afterSeq, limit: limit)
    }

    /// Waits until the job has finished (or `timeout` passed) and returns it as it is then.
    public func wait(_ id: String, in scope: Scope, timeout: Duration = .seconds(3600)) async throws -> Job {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var job = try await get(id, in: scope)
        while !job.isFinished && clock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            job = try await get(id, in: scope)
        }
        return job
    }

    // MARK: - The runner

    /// Claims and executes jobs until `shutdown()` or cancellation; jobs it
    /// holds then are handed back (their lease released) for the next process.
    public func run() async {
        await withDiscardingTaskGroup { group in
            while !stopping.withLock({ $0 }) && !Task.isCancelled {
                if running.withLock({ $0 }) >= settings.concurrency {
                    try? await Task.sleep(for: settings.poll)
                    continue
                }
                let kinds = handlers.withLock { Array($0.keys) }
                let job: Job?
                do {
                    job = try await repository.hasClaimable(owner: owner, kinds: kinds)
                        ? try await repository.claim(owner: owner, lease: settings.lease, kinds: kinds, isDead: WorkerIdentity.isDead)
                        : nil
                } catch {
                    logger.warning("cannot claim jobs", metadata: ["error": .string("\(error)")])
                    job = nil
                }
                guard let job else {
                    try? await Task.sleep(for: settings.poll)
                    continue
                }
                running.withLock { $0 += 1 }
                group.addTask {
                    await self.execute(job)
                    self.running.withLock { $0 -= 1 }
                }
            }
        }
    }

    public func shutdown() {
        stopping.withLock { $0 = true }
    }

    /// Executes one claimed job to its end (or until this process loses it).
    func execute(_ job: Job) async {
        guard let handler = handlers.withLock({ $0[job.kind] }) else { return }
        let context = JobContext(job: job, repository: repository, owner: owner)
        if job.attempts > 1 {
            try? await context.note("resumed (attempt \(job.attempts)) with \(job.itemsDone) of \(job.itemsTotal) items done")
        }
        let outcome: Result<JSONValue, any Error> = await withTaskGroup(of: Result<JSONValue, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await handler.execute(context)) } catch { return .failure(error) }
            }
            group.addTask { await self.heartbeat(context) }
            var first: Result<JSONValue, any Error>?
            while let next = await group.next() {
                if let next, first == nil { first = next; group.cancelAll() }
            }
            return first ?? .failure(JobStop.lost)
        }
        await finish(context, outcome)
    }

    /// Renews the lease until the body ends (nil); a lost lease or a
    /// stopping runner ends the body at once (`JobStop.lost`).
    private func heartbeat(_ context: JobContext) async -> Result<JSONValue, any Error>? {
        // Often enough that a cancel is seen within a second; the lease itself is renewed far before it runs out.
        let every = min(settings.lease / 3, .seconds(1))
        while !Task.isCancelled {
            try? await Task.sleep(for: every)
            if Task.isCancelled { return nil }
            if stopping.withLock({ $0 }) {
                context.observe(nil)
                return .failure(JobStop.lost)
            }
            do {
                let fresh = try await repository.heartbeat(context.job, owner: owner, lease: settings.lease)
                context.observe(fresh)
                if fresh == nil { return .failure(JobStop.lost) }
            } catch {
                logger.warning("job heartbeat failed", metadata: ["job_id": .string(context.job.id), "error": .string("\(error)")])
            }
        }
        return nil
    }

    private func finish(_ context: JobContext, _ outcome: Result<JSONValue, any Error>) async {
        let job = context.job
        // A body cut short by shutdown fails with whatever its cancelled call threw: hand the job back instead
        // (a real failure at that moment is tried again by the next process; ingestion is idempotent).
        if case .failure(let error) = outcome, stopping.withLock({ $0 }) || Task.isCancelled {
            if case JobStop.cancelled = error {} else {
                try? await repository.release(job, owner: owner)
                return
            }
        }
        var payload = context.counters()
        payload["job_id"] = .string(job.id)
        let state: String
        var result: String?
        var message: String?
        switch outcome {
        case .success(let value):
            state = "completed"
            payload["result"] = value
            result = value.description
        case .failure(JobStop.cancelled):
            state = "cancelled"
            message = "cancelled"
            payload["reason"] = "cancelled by request"
        case .failure(JobStop.lost), .failure(is CancellationError):
            // Handed back: the next process resumes it from its checkpoint.
            try? await repository.release(job, owner: owner)
            return
        case .failure(let error):
            state = "failed"
            message = (error as? JobFailure)?.message ?? (error as? RuntimeError)?.message ?? "\(error)"
            payload["error"] = .string(message ?? "")
        }
        let type = state == "completed" ? "job.completed" : state == "failed" ? "job.failed" : "job.cancelled"
        do {
            _ = try await repository.finish(job, owner: owner, state: state, progress: context.progress, result: result, errorMessage: message,
                                            event: (type: type, payload: JSONValue.object(payload).description))
        } catch {
            logger.warning("cannot record the end of a job", metadata: ["job_id": .string(job.id), "error": .string("\(error)")])
        }
    }
}
