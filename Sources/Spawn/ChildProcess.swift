import CSpawn
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn and reaped by a thread of its own
/// that blocks in `waitpid`. Not Foundation's `Process`: that one learns of an
/// exit through a socket the child inherits, and a child another thread
/// spawns at the same moment can inherit it too (its close-all-descriptors
/// pass races), so one server's crash went unnoticed while another lived.
/// Here every descriptor but 0/1/2 is closed at spawn time, atomically.
public struct ChildProcess: Sendable {
    public let pid: Int32

    /// How it ended, once `waitpid` has reaped it.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        public init(waitStatus status: Int32) {
            let signal = status & 0x7f
            self = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        }

        public var description: String {
            switch self {
            case .exited(let status): return "exited with status \(status)"
            case .signaled(let signal): return "was killed by signal \(signal)"
            }
        }
    }

    /// Starts `executable`; `onExit` runs once, on the reaper thread, after
    /// the child has been reaped (its pid may be reused from then on).
    public static func spawn(
        executable: String, arguments: [String], environment: [String: String], directory: String?,
        stdin: Int32, stdout: Int32, stderr: Int32,
        onExit: @escaping @Sendable (Termination) -> Void
    ) throws(POSIXError) -> ChildProcess {
        let argv = CStrings([executable] + arguments)
        let envp = CStrings(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        var pid: pid_t = 0
        let rc: Int32 = if let directory {
            directory.withCString { oi_spawn(&pid, executable, argv.pointers, envp.pointers, $0, stdin, stdout, stderr) }
        } else {
            oi_spawn(&pid, executable, argv.pointers, envp.pointers, nil, stdin, stdout, stderr)
        }
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        let child = pid
        let reaper = Thread {
            var status: Int32 = 0
            while waitpid(child, &status, 0) == -1 {
                guard errno == EINTR else { return onExit(.exited(-1)) }
            }
            onExit(Termination(waitStatus: status))
        }
        reaper.name = "oi.child.reaper"
        reaper.start()
        return ChildProcess(pid: child)
    }
}

/// A NULL-terminated `char *[]` that frees its strings.
private final class CStrings {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointers = .allocate(capacity: count + 1)
        for (i, string) in strings.enumerated() { pointers[i] = strdup(string) }
        pointers[count] = nil
    }

    deinit {
        for i in 0..<count { free(pointers[i]) }
        pointers.deallocate()
    }
}
