import Foundation
import Synchronization

/// The `sandbox.*` settings the file tools and `exec_command` follow.
public struct SandboxSettings: Sendable {
    /// `exec_command` runs under bubblewrap; without it the tool refuses.
    public var enabled = true
    /// Environment variables passed on to commands (an allow-list).
    public var environment = ["PATH", "LANG", "LC_ALL", "TZ", "TERM"]
    /// Extensions (lowercase, no dot) the file tools refuse / the only ones they accept.
    public var blockedTypes: Set<String> = []
    public var allowedTypes: Set<String> = []
    /// Largest file a file tool may write.
    public var maxWriteSize = 10 << 20
    /// File tool and command calls one run may make per `window`.
    public var maxCalls = 1000
    public var window: Duration = .seconds(60)
    /// Folders a sandboxed command must not see: the data directory (the
    /// database, other tenants' workspaces), the workspace root.
    public var hidden: [String] = []
    /// Where `bwrap` is (nil: not installed).
    public var bubblewrap: String?

    public init() {}

    /// Extensions as the settings keep them: lowercase, without the dot.
    public static func normalizedTypes(_ list: [String]) -> Set<String> {
        Set(list.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }.filter { !$0.isEmpty })
    }

    /// The rules of one run's execution (with a rate limiter of its own).
    public func rules() -> SandboxRules { SandboxRules(self) }
}

/// One run's sandbox: the settings, and the calls it made in the current
/// window (kept in memory: a run resumed elsewhere starts a new window).
public final class SandboxRules: Sendable {
    public let settings: SandboxSettings
    private let calls = Mutex<[ContinuousClock.Instant]>([])

    public init(_ settings: SandboxSettings = SandboxSettings()) {
        self.settings = settings
    }

    /// Counts a call of `tool`; refuses it past `sandbox.rateLimit`.
    public func admitCall(_ tool: String) throws(ToolFailure) {
        let now = ContinuousClock.now
        let (max, window) = (settings.maxCalls, settings.window)
        let admitted = calls.withLock { calls -> Bool in
            calls.removeAll { now - $0 >= window }
            guard calls.count < max else { return false }
            calls.append(now)
            return true
        }
        if !admitted {
            throw ToolFailure("rate limit: at most \(max) file and command calls per \(window.milliseconds) ms (sandbox.rateLimit); try again later")
        }
    }

    /// Refuses a path whose extension the settings exclude.
    public func admitPath(_ path: String) throws(ToolFailure) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "").lowercased() : ""
        if settings.blockedTypes.contains(ext) || settings.blockedTypes.contains(name.lowercased()) {
            throw ToolFailure("files of type .\(ext) are not allowed (sandbox.fileTypeBlacklist): \(path)")
        }
        if !settings.allowedTypes.isEmpty && !settings.allowedTypes.contains(ext) {
            throw ToolFailure("only files of type \(settings.allowedTypes.sorted().map { "." + $0 }.joined(separator: ", ")) are allowed (sandbox.fileTypeWhitelist): \(path)")
        }
    }

    /// Whether a listing or search may show or read `path`.
    public func shows(_ path: String) -> Bool { (try? admitPath(path)) != nil }
}
