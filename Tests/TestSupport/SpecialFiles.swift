import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// FIFOs, sockets and device nodes a test puts in a workspace.
public enum SpecialFiles {
    public static func fifo(_ path: String) throws {
        guard mkfifo(path, 0o644) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// A bound unix socket's file; it stays after the socket is closed.
    public static func socket(_ path: String) throws {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw POSIXError(.ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// A character device like `/dev/zero` (major 1, minor 5).
    public static func zeroDevice(_ path: String) throws {
        guard mknod(path, S_IFCHR | 0o666, dev_t(1 << 8 | 5)) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// Device nodes need CAP_MKNOD (the tests run as root; a container may still drop it).
    public static let canMakeDevices: Bool = {
        let path = NSTemporaryDirectory() + "oi-mknod-\(UUID().uuidString)"
        defer { unlink(path) }
        return (try? zeroDevice(path)) != nil
    }()
}
