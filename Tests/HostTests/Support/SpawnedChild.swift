import Foundation
import Spawn
@testable import Runtime

#if canImport(Glibc)
import Glibc
#endif

/// A child process for the tests, started the way the host starts MCP
/// servers (`ChildProcess`: posix_spawn with only 0/1/2 inherited, its own
/// process group, clean signals, reaped by a thread blocking in `waitpid`).
/// Not Foundation's Process: its `waitUntilExit` spins a core, and it learns
/// of an exit through a socket that a child spawned at the same moment by
/// another test can inherit, so one host's exit could go unseen while
/// another host lived.
final class SpawnedChild: Sendable {
    let processIdentifier: Int32
    private let exit: ExitStatus

    init(_ executable: String, arguments: [String], environment: [String: String], directory: String? = nil,
         stdin: Int32, stdout: Int32, stderr: Int32) throws {
        let exit = ExitStatus()
        self.exit = exit
        processIdentifier = try ChildProcess.spawn(executable: executable, arguments: arguments, environment: environment,
                                                   directory: directory, stdin: stdin, stdout: stdout, stderr: stderr) { exit.record($0) }.pid
    }

    var isRunning: Bool { exit.code == nil }

    /// The exit code (128 + signal when killed); -1 while running.
    var terminationStatus: Int32 { exit.code ?? -1 }

    /// SIGTERM, while it has not been reaped (so a reused pid is never hit).
    func terminate() { exit.whileRunning { kill(processIdentifier, SIGTERM) } }

    /// Blocks the calling thread (never call it from the cooperative pool).
    func waitUntilExit() -> Int32 { exit.wait() }

    /// Waits without blocking a thread; nil if it still runs after `timeout`.
    func exit(within timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            if ContinuousClock.now > deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return terminationStatus
    }
}

/// The exit code a reaper reports, in a shell's convention (the status, or
/// 128 + the signal).
private final class ExitStatus: @unchecked Sendable {
    // @unchecked: `status` is guarded by `condition`.
    private let condition = NSCondition()
    private var status: Int32?

    func record(_ termination: ChildProcess.Termination) {
        condition.withLock {
            switch termination {
            case .exited(let code): status = code
            case .signaled(let signal): status = 128 + signal
            }
            condition.broadcast()
        }
    }

    var code: Int32? { condition.withLock { status } }

    func whileRunning(_ body: () -> Void) { condition.withLock { if status == nil { body() } } }

    func wait() -> Int32 {
        condition.withLock {
            while status == nil { condition.wait() }
            return status!
        }
    }
}
