import Foundation
import RPC
import Runtime

/// Opens the runtime (storage, migrations, queue) in the background, so the
/// host answers `initialize` without waiting for the database; methods that
/// need storage wait for it here, or get -32010 if it could not be opened.
///
/// `@unchecked Sendable`: `state` and `waiters` are only touched while `lock` is held.
public final class EngineLoader: @unchecked Sendable {
    enum State {
        case opening
        case ready(Engine)
        case failed(String)
    }

    private let lock = NSLock()
    private var state = State.opening
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// A loader that never opens anything (for generating schemas).
    public static func unavailable(_ reason: String) -> EngineLoader {
        let loader = EngineLoader()
        loader.finish(.failed(reason))
        return loader
    }

    func start(_ open: @escaping @Sendable () async throws -> Engine) {
        Task {
            do { finish(.ready(try await open())) } catch { finish(.failed(Redaction.url("\(error)"))) }
        }
    }

    private func finish(_ result: State) {
        let pending = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            state = result
            defer { waiters = [] }
            return waiters
        }
        pending.forEach { $0.resume() }
    }

    var current: State { lock.withLock { state } }

    /// The engine once open; throws storage_unavailable if it failed.
    func engine() async throws(RPCError) -> Engine {
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            let ready: Bool = lock.withLock {
                if case .opening = state { waiters.append(cont); return false }
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
