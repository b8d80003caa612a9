import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The last word on a bounded shutdown: once the input has ended, the host
/// exits within the drain deadline plus a grace period even if something
/// still waits — a run stuck in a system call, a database that does not
/// answer the lease release, a client that stopped reading. Everything a
/// graceful stop leaves undone is what a crash leaves: runs resume from
/// their checkpoints on the next start.
enum ShutdownWatchdog {
    static func start(after limit: Duration, logger: Logger) {
        let thread = Thread {
            Thread.sleep(forTimeInterval: Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18)
            logger.warning("shutdown took longer than \(limit); exiting now")
            _exit(0)
        }
        thread.name = "oi.shutdown-watchdog"
        thread.start()
    }
}
