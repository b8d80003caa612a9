import Foundation

/// A serial executor backed by one dedicated OS thread. Connection actors use
/// it as their `unownedExecutor`, so blocking C calls (sqlite3_step, PQexec)
/// run on that thread and never occupy Swift's cooperative pool, which has
/// only as many threads as cores (2 here).
///
/// The thread lives as long as the executor: the run loop holds only the job
/// queue, and the executor's `deinit` tells it to finish. An actor keeps its
/// executor alive, and a job enqueued on an actor keeps the actor alive, so no
/// job can be stranded on a finished thread.
final class ThreadExecutor: SerialExecutor {
    private let queue: JobQueue

    init(name: String) {
        let queue = JobQueue()
        self.queue = queue
        let thread = Thread { queue.run() }
        thread.name = name
        // Generous: SQLite, libpq and Swift frames of a transaction body all run here.
        thread.stackSize = 4 << 20
        thread.start()
    }

    deinit { queue.finish() }

    func enqueue(_ job: consuming ExecutorJob) {
        queue.push(UnownedJob(job), executor: asUnownedSerialExecutor())
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}

/// The job list shared by an executor and its thread.
///
/// `@unchecked Sendable` proof: every stored property is read and written only
/// while `condition` is locked; `UnownedJob` and `UnownedSerialExecutor` are
/// plain references that are run exactly once, on the dedicated thread.
private final class JobQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [(UnownedJob, UnownedSerialExecutor)] = []
    private var finished = false

    func push(_ job: UnownedJob, executor: UnownedSerialExecutor) {
        condition.lock()
        jobs.append((job, executor))
        condition.signal()
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    func run() {
        var batch: [(UnownedJob, UnownedSerialExecutor)] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !finished { condition.wait() }
            if jobs.isEmpty && finished {
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            for (job, executor) in batch { job.runSynchronously(on: executor) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
