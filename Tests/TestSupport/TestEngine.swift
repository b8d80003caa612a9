import Foundation
@testable import Runtime

/// The real runtime opened in the test's own process on a `TestDatabase`:
/// settings come only from here (no config file, no environment), the model
/// is the scripted one, and extra tools (probes) join the built-ins.
public enum TestEngine {
    /// The settings of a test engine on `database`; `settings` are config keys
    /// (`queue.concurrency`), as `--set` takes them.
    public static func config(_ database: TestDatabase, settings: [String: String] = [:]) throws -> Config {
        var environment = database.environment
        environment["OI_CONFIG"] = "/nonexistent/agent.config.json"
        environment["LLM_PROVIDER"] = "scripted"
        return try Config.load(environment: environment, flags: settings)
    }

    public static func open(on database: TestDatabase, settings: [String: String] = [:], tools: [any Tool] = []) async throws -> Engine {
        let registry = ToolRegistry.builtins()
        for tool in tools { registry.register(tool) }
        return try await Engine.open(config: try config(database, settings: settings), tools: registry)
    }
}

/// Opens an engine on `database` and runs `body` with its queue working
/// (with `running: false` nothing is claimed: the test drives runs itself);
/// then stops the queue — executing runs are released, as at a shutdown —
/// and closes the engine. The database stays for the next engine.
public func withEngine<T: Sendable>(on database: TestDatabase, settings: [String: String] = [:], tools: [any Tool] = [], running: Bool = true,
                                    _ body: @Sendable (Engine) async throws -> T) async throws -> T {
    let engine = try await TestEngine.open(on: database, settings: settings, tools: tools)
    let outcome: Result<T, any Error> = await withTaskGroup(of: Void.self) { group in
        if running { group.addTask { await engine.run() } }
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body(engine)) } catch { outcome = .failure(error) }
        engine.shutdown()
        await group.waitForAll()
        return outcome
    }
    await engine.close()
    return try outcome.get()
}

/// `withEngine` on a fresh database of `backend`, dropped afterwards.
public func withEngine<T: Sendable>(_ backend: Backend, settings: [String: String] = [:], tools: [any Tool] = [], running: Bool = true,
                                    _ body: @Sendable (Engine) async throws -> T) async throws -> T {
    try await withTestDatabase(backend, prefix: "e") { database in
        try await withEngine(on: database, settings: settings, tools: tools, running: running, body)
    }
}
