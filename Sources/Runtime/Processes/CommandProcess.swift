import Foundation
import Synchronization
import Spawn

#if canImport(Glibc)
import Glibc
#endif

/// A command run to completion for a tool: its own process group (so it and
/// every child it starts are killed together — at its timeout, on cancel,
/// and when it exits, so nothing it left in the background lives on), stdin
/// from /dev/null, stdout and stderr read by threads of their own and kept
/// up to a cap (the rest is drained and counted).
public enum CommandProcess {
    public struct Output: Sendable {
        public var exitCode: Int32?
        public var signal: Int32?
        public var stdout: Data
        public var stderr: Data
        public var stdoutBytes: Int
        public var stderrBytes: Int
        public var timedOut: Bool
        public var cancelled: Bool
    }

    public struct SpawnFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// How long the output pipes may stay open after the group was killed
    /// (a process that left the group, with `setsid`, can hold them).
    static let drainGrace = Duration.seconds(2)

    public static func run(executable: String, arguments: [String], environment: [String: String], directory: String,
                           timeout: Duration, stdoutCap: Int, stderrCap: Int) async throws -> Output {
        let out = try Pipe(), err = try Pipe()
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard null >= 0 else { throw SpawnFailure(description: "cannot open /dev/null") }
        let exited = Latch()
        let termination = Mutex<ChildProcess.Termination?>(nil)
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(executable: executable, arguments: arguments, environment: environment, directory: directory,
                                           stdin: null, stdout: out.write, stderr: err.write) { how in
                termination.withLock { $0 = how }
                exited.open()
            }
        } catch {
            close(null); out.closeBoth(); err.closeBoth()
            throw SpawnFailure(description: "cannot start \(executable): \(error)")
        }
        close(null)
        out.closeWrite()
        err.closeWrite()
        let stdout = Drain(fd: out.read, cap: stdoutCap), stderr = Drain(fd: err.read, cap: stderrCap)
        stdout.start()
        stderr.start()
        let pid = child.pid
        let finishedInTime = await withTaskCancellationHandler {
            await exited.wait(timeout: timeout)
        } onCancel: {
            kill(-pid, SIGKILL)
        }
        let cancelled = Task.isCancelled
        // The whole group goes, whatever it left behind.
        kill(-pid, SIGKILL)
        await exited.wait(timeout: .seconds(5))
        _ = await stdout.done.wait(timeout: drainGrace)
        _ = await stderr.done.wait(timeout: drainGrace)
        let how = termination.withLock { $0 }
        var result = Output(exitCode: nil, signal: nil, stdout: stdout.data, stderr: stderr.data, stdoutBytes: stdout.total,
                            stderrBytes: stderr.total, timedOut: !finishedInTime && !cancelled, cancelled: cancelled)
        switch how {
        case .exited(let code)?: result.exitCode = code
        case .signaled(let signal)?: result.signal = signal
        case nil: break
        }
        return result
    }

    /// A pipe whose two ends are close-on-exec in this process (the child
    /// gets its end as 1 or 2 through dup2).
    struct Pipe {
        let read: Int32
        let write: Int32
        init() throws {
            var fds: [Int32] = [0, 0]
            guard fds.withUnsafeMutableBufferPointer({ pipe($0.baseAddress!) }) == 0 else { throw SpawnFailure(description: "cannot create a pipe") }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            (read, write) = (fds[0], fds[1])
        }
        func closeWrite() { close(write) }
        func closeBoth() { close(read); close(write) }
    }

    /// Reads one pipe to its end on a thread of its own, keeping `cap` bytes.
    final class Drain: Sendable {
        private let fd: Int32
        private let cap: Int
        private let state = Mutex((data: Data(), total: 0))
        let done = Latch()

        init(fd: Int32, cap: Int) {
            self.fd = fd
            self.cap = cap
        }

        var data: Data { state.withLock { $0.data } }
        var total: Int { state.withLock { $0.total } }

        func start() {
            let thread = Thread { [self] in
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    state.withLock { s in
                        s.total += n
                        let room = cap - s.data.count
                        if room > 0 { s.data.append(contentsOf: buffer[0..<min(n, room)]) }
                    }
                }
                close(fd)
                done.open()
            }
            thread.name = "oi.command.output"
            thread.start()
        }
    }
}
