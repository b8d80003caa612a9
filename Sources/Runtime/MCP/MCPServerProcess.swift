import Foundation
import Spawn
import Logging
import RPC
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One running MCP server process: our ends of its stdin and stdout pipes,
/// its stderr copied line by line into our log within a budget (never our
/// stdout, which is protocol only), its exit, and the stop sequence of
/// WIRE.md §7.6.
final class MCPServerProcess: Sendable {
    let pid: Int32
    /// Our end of the server's stdout: we read MCP messages from it.
    let input: Int32
    /// Our end of the server's stdin: we write MCP messages to it.
    let output: Int32
    /// Opens when the process has exited and been reaped.
    let exited: Latch
    /// How it ended; set by the reaper just before `exited` opens.
    private let ending: Ending
    /// Each child leads its own process group, so signals can reach the
    /// whole tree a server starts (python-sdk does the same).
    private let ownsGroup: Bool

    typealias Termination = ChildProcess.Termination

    /// Variables passed through from our environment. Everything else — API
    /// keys, DATABASE_URL — stays ours unless the config's `env` names it.
    static let inheritedEnvironment = ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"]

    private init(pid: Int32, input: Int32, output: Int32, exited: Latch, ending: Ending) {
        self.pid = pid
        self.input = input
        self.output = output
        self.exited = exited
        self.ending = ending
        ownsGroup = getpgid(pid) == pid
    }

    /// Starts the server with three fresh pipes and a stderr reader thread.
    static func spawn(_ config: MCPServerConfig, logger: Logger) throws(MCPError) -> MCPServerProcess {
        // A server that dies while we write to it must not kill us with SIGPIPE;
        // the write fails with EPIPE instead and the connection ends.
        signal(SIGPIPE, SIG_IGN)
        var environment: [String: String] = [:]
        let ours = ProcessInfo.processInfo.environment
        for key in inheritedEnvironment { environment[key] = ours[key] }
        for (key, value) in config.env { environment[key] = value }
        guard let executable = Executables.find(config.command, path: environment["PATH"]) else {
            throw MCPError(.spawnFailed, server: config.name, "command not found: \(config.command)")
        }
        let stdin: (read: Int32, write: Int32), stdout: (read: Int32, write: Int32), stderr: (read: Int32, write: Int32)
        do {
            stdin = try makePipe()
            stdout = try makePipe()
            stderr = try makePipe()
        } catch {
            throw MCPError(.spawnFailed, server: config.name, "cannot create pipes: \(error)")
        }
        let exited = Latch()
        let ending = Ending()
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                executable: executable, arguments: config.args, environment: environment, directory: config.cwd,
                stdin: stdin.read, stdout: stdout.write, stderr: stderr.write
            ) { termination in
                ending.record(termination)
                exited.open()
            }
        } catch {
            for fd in [stdin.read, stdin.write, stdout.read, stdout.write, stderr.read, stderr.write] { close(fd) }
            throw MCPError(.spawnFailed, server: config.name, "cannot start \(executable): \(String(cString: strerror(error.code.rawValue)))")
        }
        // Our copies of the child's ends must go, or we would never see EOF.
        close(stdin.read)
        close(stdout.write)
        close(stderr.write)
        let server = MCPServerProcess(pid: child.pid, input: stdout.read, output: stdin.write, exited: exited, ending: ending)
        server.copyStderr(stderr.read, server: config.name, limits: config.limits, logger: logger)
        return server
    }

    /// Stderr lines become log records within the server's budget
    /// (`MCPStderrLog`); the thread closes the pipe at EOF.
    private func copyStderr(_ fd: Int32, server: String, limits: MCPClientLimits, logger: Logger) {
        let log = MCPStderrLog(server: server, pid: pid, limits: limits, logger: logger)
        FileDescriptorReader.spawn(fd: fd, maxLineBytes: 16 << 10, closeWhenDone: true, onEvent: { event in
            log.record(event)
            return true
        }, onEnd: { log.finish() })
    }

    var termination: Termination? { ending.termination }

    /// Signals the server (and, once it is gone, whatever is left of its
    /// process group). The leader is signalled only while it is unreaped, so
    /// a reused pid is never hit.
    func send(signal number: Int32) {
        if !exited.isOpen { kill(pid, number) }
        if ownsGroup { kill(-pid, number) }
    }

    /// WIRE.md §7.6: the caller has closed the server's stdin; wait, SIGTERM,
    /// wait, SIGKILL. Leftovers of its process group are killed too.
    func stop(grace: Duration = .seconds(2)) async {
        if await !exited.wait(timeout: grace) {
            send(signal: SIGTERM)
            if await !exited.wait(timeout: grace) {
                send(signal: SIGKILL)
                await exited.wait(timeout: .seconds(5))
            }
        }
        if ownsGroup { kill(-pid, SIGKILL) }
    }
}

/// How the child ended, written once by its reaper.
private final class Ending: Sendable {
    private let value = Mutex<MCPServerProcess.Termination?>(nil)

    func record(_ termination: MCPServerProcess.Termination) { value.withLock { $0 = termination } }
    var termination: MCPServerProcess.Termination? { value.withLock { $0 } }
}

/// A pipe with both ends close-on-exec, so no other child we (or anyone in
/// this process) spawn inherits them and holds the server's stdin open.
/// (pipe2 is not visible from Swift's Glibc; the window before fcntl is tiny.)
private func makePipe() throws -> (read: Int32, write: Int32) {
    var fds: [Int32] = [0, 0]
    let rc = fds.withUnsafeMutableBufferPointer { pipe($0.baseAddress!) }
    if rc != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return (fds[0], fds[1])
}
