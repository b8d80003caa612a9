import Foundation
import Spawn
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One `oi-host` process with our ends of its stdin and stdout (its stderr is
/// ours: its log lines go where the adapter's go). Started through
/// `ChildProcess` (posix_spawn, only 0/1/2 inherited, its own process group,
/// reaped by a thread of its own).
final class HostChild: Sendable {
    let pid: Int32
    /// Our end of its stdout: we read answers and notifications from it.
    let input: Int32
    /// Our end of its stdin: we write requests to it.
    let output: Int32
    private let termination = Guarded<ChildProcess.Termination?>(nil)

    init(executable: String, arguments: [String], environment: [String: String]) throws {
        let stdin = try Self.pipe(), stdout = try Self.pipe()
        let ended = termination
        do {
            pid = try ChildProcess.spawn(
                executable: executable, arguments: arguments, environment: environment, directory: nil,
                stdin: stdin.read, stdout: stdout.write, stderr: 2) { status in ended.withLock { $0 = status } }.pid
        } catch {
            for fd in [stdin.read, stdin.write, stdout.read, stdout.write] { close(fd) }
            throw error
        }
        close(stdin.read)
        close(stdout.write)
        input = stdout.read
        output = stdin.write
    }

    /// How it ended, once reaped.
    var ended: ChildProcess.Termination? { termination.withLock { $0 } }

    /// A signal, unless it has been reaped (its pid may belong to another process by then).
    func signal(_ number: Int32) {
        termination.withLock { if $0 == nil { _ = kill(pid, number) } }
    }

    /// Waits for the exit; false if it still runs after `timeout`.
    func waitExit(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ended == nil {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// The stop sequence once its stdin is closed: wait, SIGTERM, wait, SIGKILL.
    func stop(grace: Duration) async {
        if await waitExit(within: grace) { return }
        signal(SIGTERM)
        if await waitExit(within: .seconds(2)) { return }
        signal(SIGKILL)
        _ = await waitExit(within: .seconds(2))
    }

    /// A pipe whose ends close on exec (the child gets dup2'd copies).
    private static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard fds.withUnsafeMutableBufferPointer({ Glibc.pipe($0.baseAddress!) }) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }
}
