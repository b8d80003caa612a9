import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Edits inside the workspace: an exact-match replacement, a move and a
/// delete — each opening every component from the root without following
/// links, like reads and writes.
extension Workspace {
    /// Replaces the one occurrence of `search` in the file by `replacement`;
    /// refuses when `search` occurs zero or several times. Returns the new size.
    public func replace(_ path: String, search: String, with replacement: String) throws(ToolFailure) -> Int {
        guard !search.isEmpty else { throw ToolFailure("search_block must not be empty") }
        let (data, size) = try read(path)
        guard data.count == size else { throw ToolFailure("file is larger than \(maxFileBytes) bytes: \(path)") }
        guard let text = String(data: data, encoding: .utf8) else { throw ToolFailure("not a UTF-8 text file: \(path)") }
        let ranges = Self.occurrences(of: search, in: text)
        if ranges.isEmpty { throw ToolFailure("search_block was not found in \(path)") }
        if ranges.count > 1 {
            throw ToolFailure("search_block matches \(ranges.count) times in \(path); it must match exactly once — include more context")
        }
        var edited = text
        edited.replaceSubrange(ranges[0], with: replacement)
        let bytes = Data(edited.utf8)
        try write(path, bytes)
        return bytes.count
    }

    /// Every (possibly overlapping) place `needle` starts in `haystack`.
    static func occurrences(of needle: String, in haystack: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var from = haystack.startIndex
        while from < haystack.endIndex, let range = haystack.range(of: needle, range: from..<haystack.endIndex) {
            found.append(range)
            from = haystack.index(after: range.lowerBound)
        }
        return found
    }

    /// Moves a file or directory; the destination must not exist.
    public func move(_ source: String, to destination: String) throws(ToolFailure) {
        let from = try components(source), to = try components(destination)
        guard let fromName = from.last, let toName = to.last else { throw ToolFailure("path names the workspace itself") }
        let fromDir = try openParent(from, create: false)
        defer { close(fromDir) }
        guard let seen = Self.lstat(fromName, in: fromDir) else { throw Self.failure(errno, fromName) }
        if isHidden(seen) { throw ToolFailure("path enters the host's data folder: \(fromName)") }
        if (seen.st_mode & S_IFMT) != S_IFDIR, let refusal = Self.mismatch(seen.st_mode, fromName, expecting: S_IFREG) { throw refusal }
        if (seen.st_mode & S_IFMT) == S_IFREG && seen.st_nlink > 1 { throw ToolFailure("refusing a hard-linked file: \(fromName)") }
        let toDir = try openParent(to, create: true)
        defer { close(toDir) }
        if Self.lstat(toName, in: toDir) != nil { throw ToolFailure("destination exists: \(destination)") }
        if (seen.st_mode & S_IFMT) == S_IFDIR, to.starts(with: from) { throw ToolFailure("cannot move a directory into itself: \(source)") }
        guard renameat(fromDir, fromName, toDir, toName) == 0 else { throw Self.failure(errno, fromName) }
    }

    /// Deletes a regular file, or an empty directory.
    public func delete(_ path: String) throws(ToolFailure) {
        let parts = try components(path)
        guard let name = parts.last else { throw ToolFailure("path names the workspace itself") }
        let dir = try openParent(parts, create: false)
        defer { close(dir) }
        guard let seen = Self.lstat(name, in: dir) else { throw Self.failure(errno, name) }
        if isHidden(seen) { throw ToolFailure("path enters the host's data folder: \(name)") }
        if (seen.st_mode & S_IFMT) == S_IFDIR {
            guard unlinkat(dir, name, AT_REMOVEDIR) == 0 else {
                if errno == ENOTEMPTY || errno == EEXIST { throw ToolFailure("directory is not empty: \(path)") }
                throw Self.failure(errno, name)
            }
            return
        }
        if let refusal = Self.mismatch(seen.st_mode, name, expecting: S_IFREG) { throw refusal }
        guard unlinkat(dir, name, 0) == 0 else { throw Self.failure(errno, name) }
    }

    /// The absolute folder of a relative directory path (for a command's
    /// working directory): every component must be a real directory.
    public func directory(_ path: String) throws(ToolFailure) -> String {
        let parts = try components(path)
        if let name = parts.last {
            let parent = try openParent(parts, create: false)
            defer { close(parent) }
            let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd < 0 { throw Self.failure(errno, name, in: parent, expecting: S_IFDIR) }
            try admitDirectory(fd, name)
            close(fd)
        } else {
            close(try openRoot())
        }
        return ([root] + parts).joined(separator: "/")
    }
}
