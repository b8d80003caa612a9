import CCurl
import CCurlShim
import Foundation
import Synchronization

/// The one thread that drives every transfer of an `HTTPClient` through a
/// libcurl multi handle. Nothing here ever blocks the cooperative pool:
/// tasks hand commands to the inbox and wake the thread with
/// `curl_multi_wakeup`; libcurl's callbacks run on this thread and hand bytes
/// back through each transfer's Mutex-guarded state.
final class CurlEventLoop: @unchecked Sendable {
    // @unchecked: `multi` is set once in init and then used only by the loop
    // thread, except for `curl_multi_wakeup`, which libcurl allows from any
    // thread and which we call only under `inbox`'s lock while `closed` is
    // false (the loop sets `closed` under the same lock before it cleans the
    // handle up). `active` is touched only by the loop thread.
    private let multi: UnsafeMutableRawPointer?
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    private let inbox = Mutex(Inbox())

    private struct Inbox {
        var commands: [Command] = []
        var closed = false
        var stopRequested = false
    }

    private enum Command {
        case add(Transfer)
        case remove(Transfer)
        case resume(Transfer)
    }

    init() {
        multi = CurlGlobal.ready ? curl_multi_init() : nil
        guard multi != nil else {
            inbox.withLock { $0.closed = true }
            return
        }
        let thread = Thread { [self] in if let multi { run(multi) } }
        thread.name = "oi.http.curl"
        thread.start()
    }

    func add(_ transfer: Transfer) throws(HTTPError) {
        guard post(.add(transfer)) else { throw HTTPError(.unavailable, "the HTTP client is shut down or libcurl could not start") }
    }

    /// Takes the handle out of the multi handle; an unfinished connection is closed.
    func remove(_ transfer: Transfer) { _ = post(.remove(transfer)) }

    /// Lets a transfer paused for a lagging consumer flow again.
    func resume(_ transfer: Transfer) { _ = post(.resume(transfer)) }

    /// Fails every transfer and ends the thread.
    func stop() {
        inbox.withLock { inbox in
            guard !inbox.closed, let multi else { return }
            inbox.stopRequested = true
            curl_multi_wakeup(multi)
        }
    }

    private func post(_ command: Command) -> Bool {
        inbox.withLock { inbox in
            guard !inbox.closed, let multi else { return false }
            inbox.commands.append(command)
            curl_multi_wakeup(multi)
            return true
        }
    }

    // MARK: The loop thread

    private func run(_ multi: UnsafeMutableRawPointer) {
        var running: Int32 = 0
        var ready: Int32 = 0
        while true {
            let (commands, stop) = inbox.withLock { inbox in
                defer { inbox.commands = [] }
                return (inbox.commands, inbox.stopRequested)
            }
            for command in commands { handle(command, multi) }
            if stop { return shutDown(multi) }
            _ = curl_multi_perform(multi, &running)
            collectFinished(multi)
            let wait = expireIdle(multi)
            _ = curl_multi_poll(multi, nil, 0, Int32(wait), &ready)
        }
    }

    private func handle(_ command: Command, _ multi: UnsafeMutableRawPointer) {
        switch command {
        case .add(let transfer):
            let code = curl_multi_add_handle(multi, transfer.easy)
            if code == CURLM_OK {
                transfer.lastActivity = .now
                active[transfer.easy] = transfer
            } else {
                transfer.complete(HTTPError(.transport, String(cString: curl_multi_strerror(code))))
            }
        case .remove(let transfer):
            guard active.removeValue(forKey: transfer.easy) != nil else { return }
            _ = curl_multi_remove_handle(multi, transfer.easy)
        case .resume(let transfer):
            guard active[transfer.easy] != nil else { return }
            transfer.pausedForConsumer = false
            transfer.lastActivity = .now
            // May call the write callback right here with the bytes held back.
            _ = curl_easy_pause(transfer.easy, oi_curl_pause_cont())
        }
    }

    private func collectFinished(_ multi: UnsafeMutableRawPointer) {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            // Read everything first: the message dies with curl_multi_remove_handle.
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let result = message.pointee.data.result
            guard let transfer = active.removeValue(forKey: easy) else { continue }
            _ = curl_multi_remove_handle(multi, easy)
            transfer.complete(transfer.abortReason ?? CurlOptions.error(for: result, buffer: transfer.errorBuffer))
        }
    }

    /// Fails transfers silent past their idle timeout; returns how long the
    /// loop may sleep before the next one could expire (ms).
    private func expireIdle(_ multi: UnsafeMutableRawPointer) -> Int64 {
        guard !active.isEmpty else { return 1000 }
        let now = ContinuousClock.now
        var wait: Duration = .seconds(1)
        var expired: [Transfer] = []
        for transfer in active.values where !transfer.pausedForConsumer {
            guard let idle = transfer.idleTimeout else { continue }
            let left = transfer.lastActivity + idle - now
            if left <= .zero { expired.append(transfer) } else { wait = min(wait, left) }
        }
        for transfer in expired {
            active[transfer.easy] = nil
            _ = curl_multi_remove_handle(multi, transfer.easy)
            transfer.complete(HTTPError(.idleTimeout, "no data from the server for \(transfer.idleTimeout ?? .zero)"))
        }
        return max(1, wait.milliseconds)
    }

    private func shutDown(_ multi: UnsafeMutableRawPointer) {
        let pending = inbox.withLock { inbox in
            inbox.closed = true
            defer { inbox.commands = [] }
            return inbox.commands
        }
        let error = HTTPError(.unavailable, "the HTTP client was shut down")
        for case .add(let transfer) in pending { transfer.complete(error) }
        for transfer in active.values {
            _ = curl_multi_remove_handle(multi, transfer.easy)
            transfer.complete(error)
        }
        active = [:]
        _ = curl_multi_cleanup(multi)
    }
}

/// libcurl's process-wide initialisation, done once before the first handle.
enum CurlGlobal {
    static let ready: Bool = oi_curl_global_init() == CURLE_OK
}
