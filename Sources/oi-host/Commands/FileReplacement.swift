import Foundation
import Host

#if canImport(Glibc)
import Glibc
#endif

/// Writes a file the way an export should: into a new temporary file in the
/// same directory, then renamed over the path. A symlink at the path is
/// replaced, never followed, so `-o` cannot be steered into overwriting
/// whatever the link points at; a reader never sees half a file.
enum FileReplacement {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        // O_EXCL | O_NOFOLLOW: the temporary name is ours alone, not a link someone planted.
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        var failure: Failure?
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = Failure(description: String(cString: strerror(errno)))
                    return
                }
                offset += n
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = Failure(description: String(cString: strerror(errno))) }
        close(fd)
        if failure == nil && rename(temp, path) != 0 { failure = Failure(description: String(cString: strerror(errno))) }
        if let failure {
            unlink(temp)
            throw failure
        }
    }
}
