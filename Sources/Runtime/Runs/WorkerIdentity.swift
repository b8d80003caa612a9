import Foundation
import Store

#if canImport(Glibc)
import Glibc
#endif

/// A queue worker's name in `lease_owner`: `host:pid:nonce`. On the same
/// host a dead pid proves the worker is gone, so its runs are resumed at
/// once instead of after their lease expires (a crash-restart loop then
/// costs milliseconds, not lease lengths).
enum WorkerIdentity {
    static let host = ProcessInfo.processInfo.hostName

    static func make() -> String {
        "\(host):\(ProcessInfo.processInfo.processIdentifier):\(Identifier.make(prefix: "w"))"
    }

    /// True only when `owner` names a process on this host that no longer exists.
    @Sendable static func isDead(_ owner: String) -> Bool {
        let parts = owner.split(separator: ":")
        guard parts.count >= 3, String(parts[0]) == host, let pid = Int32(parts[1]), pid > 0,
              pid != ProcessInfo.processInfo.processIdentifier else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
