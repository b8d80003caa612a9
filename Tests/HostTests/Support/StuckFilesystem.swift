import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A FUSE filesystem whose server never answers: every system call that
/// reaches it (open, stat, readdir) blocks in the kernel, the way a hung
/// network filesystem does. `unmount()` closes the connection, which fails
/// those calls with ENOTCONN, and detaches it. If the test process dies the
/// kernel closes the connection too, so nothing stays hung.
///
/// Mounting needs /dev/fuse and CAP_SYS_ADMIN (the tests run as root).
final class StuckFilesystem: Sendable {
    let path: String
    private let connection: Int32
    private let mounted = Mutex(true)

    init(at path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let fd = open("/dev/fuse", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .ENODEV) }
        let options = "fd=\(fd),rootmode=40000,user_id=\(getuid()),group_id=\(getgid())"
        guard mount("oi-stuck", path, "fuse.oi-stuck", UInt(MS_NOSUID | MS_NODEV), options) == 0 else {
            let err = errno
            close(fd)
            throw POSIXError(.init(rawValue: err) ?? .EPERM)
        }
        self.path = path
        self.connection = fd
    }

    func unmount() {
        guard mounted.withLock({ was in defer { was = false }; return was }) else { return }
        close(connection)
        umount2(path, Int32(MNT_DETACH))
    }

    static let isAvailable: Bool = {
        let path = NSTemporaryDirectory() + "oi-fuse-probe-\(UUID().uuidString)"
        defer { rmdir(path) }
        guard let probe = try? StuckFilesystem(at: path) else { return false }
        probe.unmount()
        return true
    }()
}
