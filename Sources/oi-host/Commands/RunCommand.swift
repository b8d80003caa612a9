import ArgumentParser
import Foundation
import Host
import RPC
import Runtime
import Store

/// `oi-host run "task"`: queues a run and executes it in this process,
/// printing its events (`--stream`) or its answer. The exit status is the
/// run's outcome: 0 completed, 1 failed, 2 cancelled.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the agent on a task and wait for the outcome.")

    @OptionGroup var settings: SettingsOptions

    @Argument(help: "The task.")
    var input: String

    @Option(name: [.short, .long], help: "Session key (default s_default).")
    var session: String = "s_default"

    @Flag(help: "Stream the run's events as they happen.")
    var stream = false

    @Flag(help: "Print events as JSON lines.")
    var json = false

    @Option(help: "A scripted-provider script (JSON file).")
    var script: String?

    @Option(help: "Maximum steps.")
    var maxSteps: Int?

    func run() async throws {
        try CLIRuntime.checkID(session, flag: "--session")
        let config = try settings.load()
        _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", format: config.string("log.format"), quietDefault: true)
        let tools = ToolRegistry.builtins()
        let mcp = MCPServers.manager(config: config, tools: tools)
        let status = try await CLIRuntime.withEngine(config, tools: tools) { engine in
            try await MCPServers.running(mcp) { try await execute(engine, mcp: mcp) }
        }
        throw ExitCode(CLIRuntime.exitCode(status))
    }

    private func execute(_ engine: Engine, mcp: MCPManager) async throws -> RunStatus {
        let config = engine.config
        var agent = AgentSpec()
        agent.maxSteps = maxSteps
        if let script {
            guard let data = FileManager.default.contents(atPath: script) else { throw ValidationError("cannot read \(script)") }
            agent.provider = "scripted"
            agent.script = try JSONDecoder().decode(ScriptedProvider.Script.self, from: data)
        }
        let scope = try CLIRuntime.scope(config)
        let created = try await engine.runs.create(CreateRun(input: input, sessionKey: session, agent: agent), in: scope)
        let runID = created.run.id
        if !stream && !json { print("run \(runID) (session \(session))") }
        await mcp.waitForFirstLaunch(timeout: MCPServers.startupWait)
        let status = try await CLIRuntime.executing(runID, on: engine, mcpNotices: mcp.notices) {
            try await CLIRuntime.follow(engine, runID: runID, scope: scope, printer: stream || json ? EventPrinter(json: json) : nil)
        }
        if !stream && !json {
            let run = try await engine.runs.get(runID, in: scope)
            print(run.output.flatMap { try? JSONParser.parse($0) }?.stringValue ?? run.error ?? "")
        }
        return status
    }
}

/// Helpers the run-related commands share.
enum CLIRuntime {
    private static func open(_ config: Config, tools: ToolRegistry = .builtins()) async throws -> Engine {
        do { return try await Engine.open(config: config, tools: tools) } catch {
            throw ValidationError("cannot open storage: \(error)")
        }
    }

    /// Opens the runtime, runs `body` with it and closes it, whatever `body` does.
    static func withEngine<T>(_ config: Config, tools: ToolRegistry = .builtins(), _ body: (Engine) async throws -> T) async throws -> T {
        let engine = try await open(config, tools: tools)
        do {
            let result = try await body(engine)
            await engine.close()
            return result
        } catch {
            await engine.close()
            throw error
        }
    }

    /// Runs the engine — executing `runID` only, or leaving it to the
    /// process that owns the data folder's queue — while `body` runs, and
    /// stops it after.
    static func executing<T: Sendable>(_ runID: String, on engine: Engine, mcpNotices: MCPNotices? = nil, _ body: () async throws -> T) async throws -> T {
        engine.queue.restrict(to: runID)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await engine.run(mcpNotices: mcpNotices) }
            do {
                let result = try await body()
                engine.shutdown()
                try await group.waitForAll()
                return result
            } catch {
                engine.shutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    /// An id given on the command line, by the id rule every method uses.
    static func checkID(_ value: String, flag: String) throws {
        if let problem = SafeID.problem(value) { throw ValidationError("\(flag) \(problem)") }
    }

    /// AGENT_ORG_ID / AGENT_USER_ID / AGENT_PROJECT_ID, or the defaults.
    static func scope(_ config: Config) throws -> Scope {
        do {
            return try Scope(orgID: config.string("scope.orgId") ?? "org_default", userID: config.string("scope.userId") ?? "user_default",
                             projectID: config.string("scope.projectId"))
        } catch { throw ValidationError("invalid scope: \(error)") }
    }

    /// Follows a run to its end (reading the database too, in case another
    /// process executes it) and returns its final status.
    static func follow(_ engine: Engine, runID: String, scope: Scope, printer: EventPrinter?) async throws -> RunStatus {
        var printer = printer
        let box = PrinterBox(printer)
        let filter = EventBus.Filter(orgID: scope.orgID, userID: scope.userID, projectID: scope.projectID, runID: runID)
        try await RunFollower(service: engine.runs).follow(filter, scope: scope, afterSeq: 0, poll: .milliseconds(250)) { event in
            box.print(event)
            return true
        }
        printer = box.take()
        printer?.finish()
        return try await engine.runs.get(runID, in: scope).status
    }

    static func exitCode(_ status: RunStatus) -> Int32 {
        switch status {
        case .completed: return 0
        case .cancelled: return 2
        default: return 1
        }
    }
}

/// Lets the follower's Sendable callback drive a printer.
///
/// `@unchecked Sendable`: the follower calls `print` from one task at a time;
/// `lock` makes that explicit.
final class PrinterBox: @unchecked Sendable {
    private let lock = NSLock()
    private var printer: EventPrinter?

    init(_ printer: EventPrinter?) { self.printer = printer }

    func print(_ event: RunEvent) { lock.withLock { printer?.print(event) } }

    func take() -> EventPrinter? { lock.withLock { printer } }
}
