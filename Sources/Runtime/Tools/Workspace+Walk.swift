import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Walking the workspace for `glob_files` and `grep_files`: depth first,
/// names sorted, never through a link, regular files and directories only.
extension Workspace {
    public struct WalkEntry: Sendable, Equatable {
        /// Relative to the workspace root.
        public var path: String
        public var isDirectory: Bool
        public var size: Int
    }

    static let maxDepth = 64

    /// Visits everything under `path` (a directory, or one file) until
    /// `visit` returns false or `limit` entries were seen. Returns whether
    /// the walk stopped early at the limit.
    @discardableResult
    public func walk(_ path: String, limit: Int = 100_000, visit: (WalkEntry) -> Bool) throws(ToolFailure) -> Bool {
        let parts = try components(path)
        var dir: Int32
        if let name = parts.last {
            let parent = try openParent(parts, create: false)
            defer { close(parent) }
            guard let st = Self.lstat(name, in: parent) else { throw Self.failure(errno, name) }
            if (st.st_mode & S_IFMT) == S_IFREG {
                _ = visit(WalkEntry(path: parts.joined(separator: "/"), isDirectory: false, size: Int(st.st_size)))
                return false
            }
            dir = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if dir < 0 { throw Self.failure(errno, name, in: parent, expecting: S_IFDIR) }
            try admitDirectory(dir, name)
        } else {
            dir = try openRoot()
        }
        var seen = 0
        var going = true
        func descend(_ fd: Int32, _ prefix: String, depth: Int) {
            guard let stream = fdopendir(fd) else { close(fd); return }
            defer { closedir(stream) }
            var names: [String] = []
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { names.append(name) }
            }
            for name in names.sorted() {
                guard going else { return }
                guard seen < limit else { going = false; return }
                var st = stat()
                guard fstatat(dirfd(stream), name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                let kind = st.st_mode & S_IFMT
                guard kind == S_IFREG || kind == S_IFDIR, !isHidden(st) else { continue }
                seen += 1
                let relative = prefix.isEmpty ? name : prefix + "/" + name
                if !visit(WalkEntry(path: relative, isDirectory: kind == S_IFDIR, size: Int(st.st_size))) { going = false; return }
                if kind == S_IFDIR && depth < Self.maxDepth {
                    let child = openat(dirfd(stream), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    if child >= 0 { descend(child, relative, depth: depth + 1) }
                }
            }
        }
        descend(dir, parts.joined(separator: "/"), depth: 0)
        return seen >= limit
    }
}
