import Foundation
import RPC
import Runtime
import Synchronization

/// The runtime as requests see it while it opens: the host answers
/// `initialize` without waiting for the database; methods that need storage
/// wait here for `RuntimeService` to open it, or get -32010 if it could not
/// be opened.
public final class EngineLoader: Sendable {
    public enum State: Sendable {
        case opening
        case ready(Engine)
        case failed(String)
    }

    private struct Box {
        var state = State.opening
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let box = Mutex(Box())

    public init() {}

    /// A loader that never opens anything (for generating schemas, tests).
    public static func unavailable(_ reason: String) -> EngineLoader {
        let loader = EngineLoader()
        loader.finish(.failed(reason))
        return loader
    }

    /// Opens the engine with `open` (in the caller's task) and publishes the outcome.
    func open(_ open: () async throws -> Engine) async -> Engine? {
        do {
            let engine = try await open()
            finish(.ready(engine))
            return engine
        } catch {
            finish(.failed(Redaction.url("\(error)")))
            return nil
        }
    }

    private func finish(_ result: State) {
        let pending = box.withLock { b -> [CheckedContinuation<Void, Never>] in
            b.state = result
            defer { b.waiters = [] }
            return b.waiters
        }
        pending.forEach { $0.resume() }
    }

    var current: State { box.withLock { $0.state } }

    /// The engine once open; throws storage_unavailable if it failed.
    func engine() async throws(RPCError) -> Engine {
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            let ready = box.withLock { b -> Bool in
                if case .opening = b.state { b.waiters.append(cont); return false }
                return true
            }
            if ready { cont.resume() }
        }
        switch current {
        case .ready(let engine): return engine
        case .failed(let reason): throw RPCError(code: .storageUnavailable, message: "storage is unavailable: \(reason)")
        case .opening: throw RPCError(code: .storageUnavailable, message: "storage is still opening")
        }
    }
}
