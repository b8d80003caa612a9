import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A directory the file tools may touch, and nothing outside it. Paths are
/// relative; every component is opened with `O_NOFOLLOW` from the root's file
/// descriptor, so `..`, absolute paths, symlinks (anywhere on the path, loops
/// included) and hard-linked files (which may alias a file outside) are refused
/// by construction rather than by string checks alone.
public struct Workspace: Sendable {
    public let root: String
    public let maxFileBytes: Int

    public init(root: String, maxFileBytes: Int = 10 << 20) {
        self.root = root
        self.maxFileBytes = maxFileBytes
    }

    public static let maxPathBytes = 1024

    /// The checked components of a relative path.
    func components(_ path: String) throws(ToolFailure) -> [String] {
        if path.utf8.contains(0) { throw ToolFailure("path must not contain NUL") }
        if path.utf8.count > Self.maxPathBytes { throw ToolFailure("path is longer than \(Self.maxPathBytes) bytes") }
        if path.hasPrefix("/") || path.hasPrefix("~") { throw ToolFailure("path must be relative to the workspace: \(path)") }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
        if parts.contains("..") { throw ToolFailure("path escapes the workspace: \(path)") }
        for part in parts where part.utf8.count > 255 { throw ToolFailure("a path component is longer than 255 bytes") }
        return parts
    }

    private func openRoot() throws(ToolFailure) -> Int32 {
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw ToolFailure("workspace is not available") }
        return fd
    }

    /// Opens the directory holding the last component; creates missing
    /// directories when asked. The caller closes the returned descriptor.
    private func openParent(_ parts: [String], create: Bool) throws(ToolFailure) -> Int32 {
        var dir = try openRoot()
        for part in parts.dropLast() {
            var next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 && errno == ENOENT && create {
                _ = mkdirat(dir, part, 0o755)
                next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            let err = errno
            close(dir)
            if next < 0 { throw Self.failure(err, part) }
            dir = next
        }
        return dir
    }

    static func failure(_ err: Int32, _ name: String) -> ToolFailure {
        switch err {
        case ELOOP, ENOTDIR: return ToolFailure("path leaves the workspace through a link: \(name)")
        case ENOENT: return ToolFailure("no such file or directory: \(name)")
        case EACCES, EPERM: return ToolFailure("permission denied: \(name)")
        case EISDIR: return ToolFailure("is a directory: \(name)")
        default: return ToolFailure("cannot open \(name): \(String(cString: strerror(err)))")
        }
    }

    private func checkRegular(_ fd: Int32, _ name: String) throws(ToolFailure) -> stat {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ToolFailure("cannot stat \(name)") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw ToolFailure("not a regular file: \(name)") }
        guard st.st_nlink <= 1 else { throw ToolFailure("refusing a hard-linked file: \(name)") }
        return st
    }

    public func read(_ path: String, limit: Int? = nil) throws(ToolFailure) -> (data: Data, size: Int) {
        let parts = try components(path)
        guard let name = parts.last else { throw ToolFailure("path names the workspace itself") }
        let dir = try openParent(parts, create: false)
        defer { close(dir) }
        let fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 { throw Self.failure(errno, name) }
        defer { close(fd) }
        let st = try checkRegular(fd, name)
        let cap = min(limit ?? maxFileBytes, maxFileBytes)
        let wanted = min(Int(st.st_size), cap)
        var data = Data(count: wanted)
        let n = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, wanted) }
        if n < 0 { throw ToolFailure("cannot read \(name)") }
        data.count = n
        return (data, Int(st.st_size))
    }

    /// Writes (or appends) and returns the offset the data was written at.
    @discardableResult
    public func write(_ path: String, _ data: Data, append: Bool = false) throws(ToolFailure) -> Int {
        let parts = try components(path)
        guard let name = parts.last else { throw ToolFailure("path names the workspace itself") }
        let dir = try openParent(parts, create: true)
        defer { close(dir) }
        // No O_TRUNC here: the file is checked (regular, not hard-linked) before anything changes.
        let flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (append ? O_APPEND : 0)
        let fd = openat(dir, name, flags, 0o644)
        if fd < 0 { throw Self.failure(errno, name) }
        defer { close(fd) }
        let st = try checkRegular(fd, name)
        let before = append ? Int(st.st_size) : 0
        if before + data.count > maxFileBytes { throw ToolFailure("file would exceed \(maxFileBytes) bytes") }
        if !append && ftruncate(fd, 0) != 0 { throw ToolFailure("cannot truncate \(name)") }
        let ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        if !ok { throw ToolFailure("cannot write \(name)") }
        // With O_APPEND the write lands at the end as it is *then*; the offset
        // after it tells exactly where, even if another writer appended meanwhile.
        return append ? Int(lseek(fd, 0, SEEK_CUR)) - data.count : before
    }

    public struct Entry: Sendable, Equatable {
        public var name: String
        public var isDirectory: Bool
        public var size: Int
    }

    public func list(_ path: String, limit: Int = 1000) throws(ToolFailure) -> [Entry] {
        let parts = try components(path)
        var dir: Int32
        if let name = parts.last {
            let parent = try openParent(parts, create: false)
            dir = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let err = errno
            close(parent)
            if dir < 0 { throw Self.failure(err, name) }
        } else {
            dir = try openRoot()
        }
        guard let stream = fdopendir(dir) else { close(dir); throw ToolFailure("cannot list \(path)") }
        defer { closedir(stream) }
        var entries: [Entry] = []
        while let entry = readdir(stream), entries.count < limit {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            var st = stat()
            guard fstatat(dirfd(stream), name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            let kind = st.st_mode & S_IFMT
            guard kind == S_IFREG || kind == S_IFDIR else { continue }
            entries.append(Entry(name: name, isDirectory: kind == S_IFDIR, size: Int(st.st_size)))
        }
        return entries.sorted { $0.name < $1.name }
    }
}
