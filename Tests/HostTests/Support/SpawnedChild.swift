import CSpawn
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process for the tests, started the way the host starts MCP
/// servers: posix_spawn with only 0/1/2 inherited, its own process group and
/// clean signals, reaped by a thread blocking in `waitpid`. Not Foundation's
/// Process: its `waitUntilExit` spins a core, and it learns of an exit
/// through a socket that a child spawned at the same moment by another test
/// can inherit, so one host's exit could go unseen while another host lived.
final class SpawnedChild: @unchecked Sendable {
    // @unchecked: `status` is guarded by `condition`; the rest is set in init.
    let processIdentifier: Int32
    private let condition = NSCondition()
    private var status: Int32?

    struct SpawnError: Error, CustomStringConvertible {
        var path: String
        var code: Int32
        var description: String { "cannot start \(path): \(String(cString: strerror(code)))" }
    }

    init(_ executable: String, arguments: [String], environment: [String: String], directory: String? = nil,
         stdin: Int32, stdout: Int32, stderr: Int32) throws {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = argv.withUnsafeBufferPointer { a in
            envp.withUnsafeBufferPointer { e in
                if let directory { return oi_spawn(&pid, executable, a.baseAddress, e.baseAddress, directory, stdin, stdout, stderr) }
                return oi_spawn(&pid, executable, a.baseAddress, e.baseAddress, nil, stdin, stdout, stderr)
            }
        }
        guard rc == 0 else { throw SpawnError(path: executable, code: rc) }
        processIdentifier = pid
        let child = pid
        let reaper = Thread { [condition] in
            var raw: Int32 = 0
            while waitpid(child, &raw, 0) == -1, errno == EINTR {}
            // A shell's convention: the exit code, or 128 + the signal.
            let code = raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
            condition.withLock {
                self.status = code
                condition.broadcast()
            }
        }
        reaper.name = "child-reaper"
        reaper.start()
    }

    var isRunning: Bool { condition.withLock { status == nil } }

    /// The exit code (128 + signal when killed); -1 while running.
    var terminationStatus: Int32 { condition.withLock { status ?? -1 } }

    /// SIGTERM, while it has not been reaped (so a reused pid is never hit).
    func terminate() {
        condition.withLock { if status == nil { kill(processIdentifier, SIGTERM) } }
    }

    /// Blocks the calling thread (never call it from the cooperative pool).
    func waitUntilExit() -> Int32 {
        condition.withLock {
            while status == nil { condition.wait() }
            return status!
        }
    }

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
