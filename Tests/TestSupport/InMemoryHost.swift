import Foundation
import Logging
@testable import Host
import Runtime

#if canImport(Glibc)
import Glibc
#endif

/// Runs the real host — its method table, runtime, `runs/subscribe` streams
/// and MCP servers (`HostServer`, as `oi-host` runs them) — on two pipes
/// inside the test process, and hands `body` a client on their other ends:
/// the same bytes as over a child's stdio, without a process. The host's
/// settings come from `TestEngine.config`; `tools` join the built-ins.
/// After `body` the client closes the host's stdin and the host stops as on
/// EOF (runs still executing go back to the queue); its engine is then closed.
public func withInMemoryHost<T: Sendable>(on database: TestDatabase, settings: [String: String] = [:], tools: [any Tool] = [],
                                          _ body: @Sendable (HostClient) async throws -> T) async throws -> T {
    // A peer that closed its end must not kill the test process mid-write.
    signal(SIGPIPE, SIG_IGN)
    let config = try TestEngine.config(database, settings: settings)
    let toHost = try PipeEnds.make(), fromHost = try PipeEnds.make()
    let registry = ToolRegistry.builtins()
    for tool in tools { registry.register(tool) }
    var quiet = Logger(label: "oi.host")
    quiet.logLevel = .warning
    let logger = quiet
    let server = HostServer(config: config, logger: logger,
                            input: toHost.read, output: fromHost.write, tools: registry, closesDescriptors: true)
    let client = HostClient(input: fromHost.read, output: toHost.write)
    let outcome: Result<T, any Error> = await withTaskGroup(of: Void.self) { group in
        group.addTask {
            do { try await server.run() } catch { logger.error("the in-memory host failed: \(error)") }
        }
        group.addTask { await client.pump() }
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body(client)) } catch { outcome = .failure(error) }
        client.closeStdin()
        await group.waitForAll()
        return outcome
    }
    if case .ready(let engine) = server.context.engines.current { await engine.close() }
    return try outcome.get()
}

/// `withInMemoryHost` on a fresh database of `backend`, dropped afterwards.
public func withInMemoryHost<T: Sendable>(_ backend: Backend, settings: [String: String] = [:], tools: [any Tool] = [],
                                          _ body: @Sendable (HostClient) async throws -> T) async throws -> T {
    try await withTestDatabase(backend, prefix: "h") { database in
        try await withInMemoryHost(on: database, settings: settings, tools: tools, body)
    }
}

/// The two descriptors of a `pipe(2)`.
private struct PipeEnds {
    let read: Int32
    let write: Int32

    static func make() throws -> PipeEnds {
        var fds: [Int32] = [0, 0]
        guard fds.withUnsafeMutableBufferPointer({ pipe($0.baseAddress!) }) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        // Close-on-exec: a child another test spawns must not inherit them (and hold the host's stdin open).
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return PipeEnds(read: fds[0], write: fds[1])
    }
}
