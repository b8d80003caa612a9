import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Which process runs the queue of one SQLite data folder. Editors, `oi-host
/// run`, the adapter's child and ACP sessions all default to the same folder;
/// the first process takes this lock (a POSIX record lock on
/// `<database>.queue-lock`, held for its lifetime and dropped by the kernel
/// when it dies, even by kill -9) and executes runs; the others create runs,
/// serve reads and deliver the owner's events, and take the queue over when
/// the owner is gone. The lock file holds no data: the kernel tells the
/// holder's pid (`F_GETLK`). PostgreSQL needs none of this: its workers
/// share the queue with `FOR UPDATE SKIP LOCKED`.
public final class QueueLock: Sendable {
    public let path: String
    /// The open lock file while the lock is held; -1 otherwise.
    private let descriptor = Mutex<Int32>(-1)

    public init(databasePath: String) {
        path = databasePath + ".queue-lock"
    }

    deinit {
        release()
    }

    /// Takes the lock if no other process holds it; true when this process holds it now.
    public func tryAcquire() -> Bool {
        descriptor.withLock { fd in
            if fd >= 0 { return true }
            let file = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard file >= 0 else { return false }
            var lock = Self.wholeFile(F_WRLCK)
            guard fcntl(file, F_SETLK, &lock) == 0 else {
                close(file)
                return false
            }
            fd = file
            return true
        }
    }

    public var isHeld: Bool { descriptor.withLock { $0 >= 0 } }

    /// The pid of the process that holds the lock (this one's when held
    /// here), or nil when nobody does.
    public var ownerPID: Int32? {
        // Under the mutex: closing any descriptor of the file drops this
        // process's record locks on it, so no acquisition may slip in between.
        descriptor.withLock { fd -> Int32? in
            if fd >= 0 { return getpid() }
            let file = open(path, O_RDONLY | O_CLOEXEC)
            guard file >= 0 else { return nil }
            defer { close(file) }
            var probe = Self.wholeFile(F_WRLCK)
            guard fcntl(file, F_GETLK, &probe) == 0, probe.l_type != Int16(F_UNLCK) else { return nil }
            return probe.l_pid
        }
    }

    /// Gives the queue up (the next process to try takes it).
    public func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
        }
    }

    private static func wholeFile(_ type: Int32) -> flock {
        var lock = flock()
        lock.l_type = Int16(type)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0
        lock.l_len = 0
        return lock
    }
}
