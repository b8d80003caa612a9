import Foundation
import JSON
import Logging
import RPC
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How to start the host: `oi-host` and the arguments and environment it gets.
public struct HostCommand: Sendable {
    public var executable: String
    public var arguments: [String]
    public var environment: [String: String]

    public init(executable: String, arguments: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }
}

/// The host is not there to answer: it exited (in-flight requests fail with
/// this) or is being restarted. The adapter answers 503.
struct HostUnavailable: Error, CustomStringConvertible {
    let description: String
}

/// The adapter's one `oi-host` child, spoken to as a JSON-RPC client over its
/// stdio with many requests in flight. A service: it starts the host, and
/// when the host exits it fails what was in flight, ends the host's
/// subscriptions and starts a new one after a backoff (0.1 s doubling to 5 s;
/// a host that ran 10 s starts the count over). A graceful shutdown closes
/// the host's stdin, so it drains and exits on its own.
final class HostLink: Service, Sendable {
    /// One life of the host.
    final class Generation: Sendable {
        let number: Int
        let connection: RPCConnection
        let child: HostChild
        private let down = Mutex(false)

        init(number: Int, connection: RPCConnection, child: HostChild) {
            self.number = number
            self.connection = connection
            self.child = child
        }

        var isDown: Bool { down.withLock { $0 } }
        func markDown() { down.withLock { $0 = true } }
    }

    private struct State {
        var current: Generation?
        var count = 0
        var stopping = false
    }

    let router = SubscriptionRouter()
    private let command: HostCommand
    private let logger: Logger
    /// How long a request waits for a host that is (re)starting before 503.
    private let readyWait: Duration
    private let state = Mutex(State())

    init(command: HostCommand, logger: Logger, readyWait: Duration = .seconds(5)) {
        self.command = command
        self.logger = logger
        self.readyWait = readyWait
    }

    /// The live host's pid.
    var pid: Int32? { state.withLock { $0.current.flatMap { $0.isDown ? nil : $0.child.pid } } }

    /// Until a graceful shutdown, or the group's cancellation (another
    /// service failed): either way the host is asked to finish, and awaited.
    func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await supervise()
            } onGracefulShutdown: {
                self.stop()
            }
        } onCancel: {
            self.stop()
        }
    }

    /// Stops restarting, and asks the live host to finish (EOF on its stdin).
    func stop() {
        let current = state.withLock { s -> Generation? in
            s.stopping = true
            return s.current
        }
        current?.connection.closeOutput()
    }

    private var stopping: Bool { state.withLock { $0.stopping } }

    private func supervise() async {
        var backoff: Duration = .milliseconds(100)
        while !stopping {
            let started = ContinuousClock.now
            do {
                try await serveOne()
            } catch {
                logger.error("could not start the host", metadata: ["executable": .string(command.executable), "error": .string("\(error)")])
            }
            if stopping { break }
            if ContinuousClock.now - started > .seconds(10) { backoff = .milliseconds(100) }
            logger.warning("restarting the host", metadata: ["in_ms": .stringConvertible(backoff.milliseconds)])
            let wake = ContinuousClock.now + backoff
            while !stopping && ContinuousClock.now < wake { try? await Task.sleep(for: .milliseconds(20)) }
            backoff = min(backoff * 2, .seconds(5))
        }
    }

    /// One life: spawn, `initialize`, serve until the host's stdout ends, clean up.
    private func serveOne() async throws {
        let child = try HostChild(executable: command.executable, arguments: command.arguments, environment: command.environment)
        let number = state.withLock { s -> Int in
            s.count += 1
            return s.count
        }
        let holder = Guarded<Generation?>(nil)
        var options = ConnectionOptions()
        options.closesDescriptors = true
        options.drainTimeout = .seconds(1)
        options.maxLineBytes = 64 << 20
        options.onInputEnded = { holder.withLock { $0?.markDown() } }
        let router = self.router
        options.onNotification = { method, params in router.deliver(generation: number, method: method, params: params) }
        let logger = self.logger
        options.log = { level, message in
            switch level {
            case .debug: logger.debug("\(message)")
            case .info: logger.info("\(message)")
            case .warning: logger.warning("\(message)")
            case .error: logger.error("\(message)")
            }
        }
        let connection = RPCConnection(input: child.input, output: child.output, table: MethodTable(), options: options)
        let generation = Generation(number: number, connection: connection, child: child)
        holder.withLock { $0 = generation }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await connection.run() }
            do {
                _ = try await connection.request("initialize", params: [
                    "protocolVersion": .string(Self.protocolVersion),
                    "clientInfo": ["name": "oi-adapter", "version": .string(AdapterInfo.version)],
                ])
                let publish = state.withLock { s -> Bool in
                    if s.stopping { return false }
                    s.current = generation
                    return true
                }
                if publish {
                    logger.info("host ready", metadata: ["pid": .stringConvertible(child.pid), "generation": .stringConvertible(number)])
                } else {
                    connection.closeOutput()
                }
            } catch {
                logger.error("the host did not initialize", metadata: ["error": .string("\(error)")])
                connection.closeOutput()
                child.signal(SIGTERM)
            }
            await group.waitForAll()
        }
        generation.markDown()
        state.withLock { s in if s.current === generation { s.current = nil } }
        router.endAll(generation: number, reason: "the host exited")
        await child.stop(grace: .seconds(2))
        let how = child.ended.map { "\($0)" } ?? "did not exit"
        if stopping { logger.info("host stopped", metadata: ["status": .string(how)]) } else {
            logger.error("host exited", metadata: ["pid": .stringConvertible(child.pid), "status": .string(how)])
        }
    }

    /// The host's `initialize` protocol version (Runtime's `OpenIntern.protocolVersion`).
    static let protocolVersion = "2026-11-01"

    /// The live generation, waiting up to `readyWait` for one.
    private func ready() async throws -> Generation {
        let deadline = ContinuousClock.now + readyWait
        while true {
            let (current, stopping) = state.withLock { ($0.current, $0.stopping) }
            if let current, !current.isDown { return current }
            if stopping { throw HostUnavailable(description: "the adapter is stopping") }
            if ContinuousClock.now >= deadline { throw HostUnavailable(description: "the host is restarting; retry shortly") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// One request to the host. `HostUnavailable` when it is gone or does not come back in time.
    func call(_ method: String, _ params: JSONValue? = nil) async throws -> JSONValue {
        try await call(method, params, on: try await ready())
    }

    private func call(_ method: String, _ params: JSONValue?, on generation: Generation) async throws -> JSONValue {
        do {
            return try await generation.connection.request(method, params: params)
        } catch let error as RPCError {
            if generation.isDown { throw HostUnavailable(description: "the host exited during \(method)") }
            throw error
        }
    }

    /// `runs/subscribe` with `params`, its messages to `sink` in order. Close it.
    func subscribe(_ params: JSONValue, sink: @escaping SubscriptionRouter.Sink) async throws -> HostSubscription {
        let generation = try await ready()
        let answer = try await call("runs/subscribe", params, on: generation)
        guard let id = answer["subscription_id"]?.stringValue else {
            throw RPCError(code: .internalError, message: "runs/subscribe answered without a subscription_id")
        }
        router.attach(generation: generation.number, id: id, sink: sink)
        // A host that died in between ended its subscriptions before this one attached.
        if generation.isDown { sink(.ended("the host exited")) }
        return HostSubscription(id: id, generation: generation, link: self)
    }

    /// Ends a subscription: no more messages, and the host frees it.
    func unsubscribe(_ subscription: HostSubscription) async {
        router.detach(generation: subscription.generation.number, id: subscription.id)
        guard !subscription.generation.isDown else { return }
        _ = try? await call("runs/unsubscribe", ["subscription_id": .string(subscription.id)], on: subscription.generation)
    }
}

/// A `runs/subscribe` in one life of the host.
struct HostSubscription: Sendable {
    let id: String
    let generation: HostLink.Generation
    let link: HostLink

    func close() async { await link.unsubscribe(self) }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
