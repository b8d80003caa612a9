import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A directory the file tools may touch, and nothing outside it. Paths are
/// relative; every component is opened with `O_NOFOLLOW` from the root's file
/// descriptor, so `..`, absolute paths, symlinks (anywhere on the path, loops
/// included) and hard-linked files (which may alias a file outside) are refused
/// by construction rather than by string checks alone.
///
/// Only regular files are read or written. A name is looked at (`lstat`)
/// before it is opened, because opening a FIFO blocks until a peer comes and
/// opening a device can act (a tape rewinds, a watchdog arms). The open is
/// non-blocking as well, for a FIFO swapped in between, and `fstat` of what
/// was opened has the last word. The calls block all the same (a hung
/// filesystem), so the file tools run them through `BlockingIO`.
public struct Workspace: Sendable {
    public let root: String
    public let maxFileBytes: Int
    /// The run's `sandbox.*` rules: file types, write size, rate limit, commands.
    public let rules: SandboxRules
    /// Folders inside the root that the tools never enter, by identity (device
    /// and inode, so no other name for them gets in): the host's data folder
    /// when an editor's working folder holds it.
    let hidden: [FileIdentity]

    /// A folder as the kernel knows it.
    struct FileIdentity: Sendable, Equatable {
        var device: UInt64
        var inode: UInt64
    }

    public init(root: String, maxFileBytes: Int = 10 << 20, rules: SandboxRules = SandboxRules(), hiding: [String] = []) {
        self.root = root
        self.maxFileBytes = maxFileBytes
        self.rules = rules
        hidden = hiding.compactMap { path in
            var st = stat()
            return stat(path, &st) == 0 ? FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) : nil
        }
    }

    /// Whether `st` is one of the folders the tools never enter.
    func isHidden(_ st: stat) -> Bool {
        !hidden.isEmpty && hidden.contains(FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)))
    }

    /// Refuses `fd` (closing it) when it is a hidden folder.
    func admitDirectory(_ fd: Int32, _ name: String) throws(ToolFailure) {
        guard !hidden.isEmpty else { return }
        var st = stat()
        if fstat(fd, &st) == 0, isHidden(st) {
            close(fd)
            throw ToolFailure("path enters the host's data folder: \(name)")
        }
    }

    /// An editor's working folder as a workspace root: an existing absolute
    /// folder, with every link in it resolved.
    public static func clientRoot(_ path: String) throws(ToolFailure) -> String {
        guard path.hasPrefix("/"), !path.utf8.contains(0) else { throw ToolFailure("the working folder must be an absolute path: \(path)") }
        guard let raw = realpath(path, nil) else { throw ToolFailure("the working folder does not exist: \(path)") }
        defer { free(raw) }
        let resolved = String(cString: raw)
        var st = stat()
        guard stat(resolved, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { throw ToolFailure("the working folder is not a folder: \(path)") }
        return resolved
    }

    /// The absolute path of a workspace file for a client that reads or
    /// writes it itself (an editor's `fs/*`), checked as the tools' own I/O
    /// is: relative, no link on the way, a regular file that is not
    /// hard-linked — or, `creating`, a missing one whose folders are made.
    public func clientPath(_ path: String, creating: Bool) throws(ToolFailure) -> String {
        let parts = try components(path)
        guard let name = parts.last else { throw ToolFailure("path names the workspace itself") }
        let dir = try openParent(parts, create: creating)
        defer { close(dir) }
        if let st = Self.lstat(name, in: dir) {
            if let refusal = Self.mismatch(st.st_mode, name, expecting: S_IFREG) { throw refusal }
            if st.st_nlink > 1 { throw ToolFailure("refusing a hard-linked file: \(name)") }
        } else if errno != ENOENT || !creating {
            throw Self.failure(errno, name)
        }
        return ([root] + parts).joined(separator: "/")
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

    func openRoot() throws(ToolFailure) -> Int32 {
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw ToolFailure("workspace is not available") }
        return fd
    }

    /// Opens the directory holding the last component; creates missing
    /// directories when asked. The caller closes the returned descriptor.
    func openParent(_ parts: [String], create: Bool) throws(ToolFailure) -> Int32 {
        var dir = try openRoot()
        for part in parts.dropLast() {
            var next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 && errno == ENOENT && create {
                _ = mkdirat(dir, part, 0o755)
                next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            let err = errno
            let failure = next < 0 ? Self.failure(err, part, in: dir, expecting: S_IFDIR) : nil
            close(dir)
            if let failure { throw failure }
            try admitDirectory(next, part)
            dir = next
        }
        return dir
    }

    /// Why opening `name` in `dir` failed; a type mismatch (O_DIRECTORY on a
    /// file, O_NOFOLLOW on a link) is named by what `name` really is.
    static func failure(_ err: Int32, _ name: String, in dir: Int32, expecting kind: mode_t) -> ToolFailure {
        if [ENOTDIR, ELOOP, ENXIO].contains(err), let st = lstat(name, in: dir),
           let mismatch = mismatch(st.st_mode, name, expecting: kind) { return mismatch }
        return failure(err, name)
    }

    static func failure(_ err: Int32, _ name: String) -> ToolFailure {
        switch err {
        case ELOOP, ENOTDIR: return ToolFailure("path leaves the workspace through a link: \(name)")
        case ENOENT: return ToolFailure("no such file or directory: \(name)")
        case EACCES, EPERM: return ToolFailure("permission denied: \(name)")
        case EISDIR: return ToolFailure("is a directory, not a regular file: \(name)")
        case EWOULDBLOCK: return ToolFailure("is busy (another process holds a lease on it): \(name)")
        default: return ToolFailure("cannot open \(name): \(String(cString: strerror(err)))")
        }
    }

    static func lstat(_ name: String, in dir: Int32) -> stat? {
        var st = stat()
        return fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? st : nil
    }

    /// The refusal for a file of `mode` where a `kind` (S_IFREG or S_IFDIR)
    /// is needed, naming what it is; nil when it is of that kind.
    static func mismatch(_ mode: mode_t, _ name: String, expecting kind: mode_t) -> ToolFailure? {
        let found = mode & S_IFMT
        if found == kind { return nil }
        let wanted = kind == S_IFDIR ? "a directory" : "a regular file"
        switch found {
        case S_IFLNK: return ToolFailure("path leaves the workspace through a link: \(name)")
        case S_IFDIR: return ToolFailure("is a directory, not \(wanted): \(name)")
        case S_IFREG: return ToolFailure("is a file, not \(wanted): \(name)")
        case S_IFIFO: return ToolFailure("is a FIFO, not \(wanted): \(name)")
        case S_IFSOCK: return ToolFailure("is a socket, not \(wanted): \(name)")
        case S_IFCHR, S_IFBLK: return ToolFailure("is a device, not \(wanted): \(name)")
        default: return ToolFailure("is not \(wanted): \(name)")
        }
    }

    /// Opens the regular file `name` in `dir` with `flags` (blocking I/O
    /// once open). With `create`, a missing name is created. The caller
    /// closes the descriptor.
    func openRegular(_ name: String, in dir: Int32, flags: Int32, create: Bool) throws(ToolFailure) -> (fd: Int32, stat: stat) {
        if let seen = Self.lstat(name, in: dir) {
            if let refusal = Self.mismatch(seen.st_mode, name, expecting: S_IFREG) { throw refusal }
        } else if errno != ENOENT || !create {
            throw Self.failure(errno, name)
        }
        let fd = openat(dir, name, flags | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC | (create ? O_CREAT : 0), 0o644)
        if fd < 0 { throw Self.failure(errno, name, in: dir, expecting: S_IFREG) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { close(fd); throw ToolFailure("cannot stat \(name)") }
        if let refusal = Self.mismatch(st.st_mode, name, expecting: S_IFREG) { close(fd); throw refusal }
        guard st.st_nlink <= 1 else { close(fd); throw ToolFailure("refusing a hard-linked file: \(name)") }
        guard fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0 else { close(fd); throw ToolFailure("cannot open \(name)") }
        return (fd, st)
    }

    public func read(_ path: String, limit: Int? = nil) throws(ToolFailure) -> (data: Data, size: Int) {
        let parts = try components(path)
        guard let name = parts.last else { throw ToolFailure("path names the workspace itself") }
        let dir = try openParent(parts, create: false)
        defer { close(dir) }
        let (fd, st) = try openRegular(name, in: dir, flags: O_RDONLY, create: false)
        defer { close(fd) }
        let cap = min(limit ?? maxFileBytes, maxFileBytes)
        let wanted = min(Int(st.st_size), cap)
        var data = Data(count: wanted)
        let n = data.withUnsafeMutableBytes { raw -> Int in
            var offset = 0
            while offset < wanted {
                let n = Glibc.read(fd, raw.baseAddress! + offset, wanted - offset)
                if n < 0 { if errno == EINTR { continue }; return -1 }
                if n == 0 { break }
                offset += n
            }
            return offset
        }
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
        let (fd, st) = try openRegular(name, in: dir, flags: O_WRONLY | (append ? O_APPEND : 0), create: true)
        defer { close(fd) }
        let before = append ? Int(st.st_size) : 0
        let limit = min(maxFileBytes, rules.settings.maxWriteSize)
        if before + data.count > limit { throw ToolFailure("file would exceed \(limit) bytes") }
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
            defer { close(parent) }
            // O_DIRECTORY fails on anything else before opening it: no FIFO or device is ever opened here.
            dir = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if dir < 0 { throw Self.failure(errno, name, in: parent, expecting: S_IFDIR) }
            try admitDirectory(dir, name)
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
            guard kind == S_IFREG || kind == S_IFDIR, !isHidden(st) else { continue }
            entries.append(Entry(name: name, isDirectory: kind == S_IFDIR, size: Int(st.st_size)))
        }
        return entries.sorted { $0.name < $1.name }
    }
}
