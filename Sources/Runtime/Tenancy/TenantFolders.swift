import Foundation
import Store

#if canImport(Glibc)
import Glibc
#endif

/// The one place a path under the data folder is built from tenant ids:
/// `<base>/<org>/<user>/<project or .none>` (workspaces today; uploads
/// later). Each id is checked again by the id rule, each folder is created
/// and entered without following a link, and the result — with every
/// symlink resolved — must be exactly that folder under the resolved base,
/// so no id and no link planted on disk can lead into another tenant's
/// folder or out of the base.
public struct TenantFolders: Sendable {
    public let base: String

    /// The folder name of "no project": it starts with a dot, which no valid
    /// project id may (`SafeID`), so no project can share it.
    public static let noProject = ".none"

    public init(base: String) {
        self.base = base
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// The folder's path components below the base.
    public static func components(of scope: Scope) throws(Failure) -> [String] {
        let parts = [scope.orgID, scope.userID, scope.projectID ?? noProject]
        for (index, part) in parts.enumerated() where !(index == 2 && part == noProject) {
            if let problem = SafeID.problem(part) { throw Failure(message: "tenant id '\(part)' \(problem)") }
        }
        return parts
    }

    /// The scope's folder, created if missing; its resolved absolute path.
    public func folder(for scope: Scope) throws(Failure) -> String {
        let parts = try Self.components(of: scope)
        do {
            try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        } catch {
            throw Failure(message: "cannot create \(base): \(error.localizedDescription)")
        }
        guard let resolvedBase = Self.realPath(base) else { throw Failure(message: "cannot resolve \(base)") }
        var dir = open(resolvedBase, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { throw Failure(message: "cannot open \(base)") }
        for part in parts {
            var next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 && errno == ENOENT {
                _ = mkdirat(dir, part, 0o755)
                next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            let err = errno
            close(dir)
            guard next >= 0 else {
                throw Failure(message: err == ELOOP || err == ENOTDIR ? "tenant folder '\(part)' is a link or not a folder" : "cannot open tenant folder '\(part)'")
            }
            dir = next
        }
        close(dir)
        let expected = ([resolvedBase] + parts).joined(separator: "/")
        guard let resolved = Self.realPath(expected), resolved == expected else {
            throw Failure(message: "the tenant folder resolves outside \(base)")
        }
        return resolved
    }

    static func realPath(_ path: String) -> String? {
        guard let raw = realpath(path, nil) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }
}
