import Foundation
import Logging
import Memory
import Store

/// The runtime of one process, composed: the database, the event bus, the
/// tool registry, the run queue and the runs API over them.
public final class Engine: Sendable {
    public let config: Config
    public let database: Database
    public let bus: EventBus
    public let tools: ToolRegistry
    public let queue: RunQueue
    public let runs: RunService
    public let skills: SkillService
    public let teams: TeamService
    /// Core, episodic and archival memory over the same database.
    public let memory: MemoryService
    public let dataDirectory: String
    let link: ClusterLink?
    private let logger = Logger(label: "oi.runtime")

    /// Opens storage (creating the data directory for SQLite), applies
    /// migrations and wires the runtime. `tools` is the process's registry
    /// (built-ins, plus what `MCPManager` lists into it, which needs no storage).
    public static func open(config: Config, tools: ToolRegistry = .builtins()) async throws -> Engine {
        let dataDirectory = config.string("server.baseDir") ?? "data"
        let storeConfig = try StoreConfiguration.resolve(databaseURL: config.string("server.databaseUrl"), dataDirectory: dataDirectory)
        if case .sqlite = storeConfig.backend {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        }
        let database = try await Database.open(storeConfig)
        return try await Engine(config: config, database: database, dataDirectory: dataDirectory, tools: tools)
    }

    init(config: Config, database: Database, dataDirectory: String, tools: ToolRegistry) async throws {
        self.config = config
        self.database = database
        self.dataDirectory = dataDirectory
        bus = EventBus()
        self.tools = tools
        let defaults = AgentSpec.defaults(from: config)
        let workspace = config.string("agent.workDir") ?? (dataDirectory as NSString).appendingPathComponent("workspace")
        let memorySettings = MemorySettings(config: config)
        memory = MemoryService(database: database, embedder: memorySettings.makeEmbedder(logger: logger), hybridAlpha: memorySettings.hybridAlpha)
        skills = SkillService(database: database, directories: [config.string("skills.dir") ?? (dataDirectory as NSString).appendingPathComponent("skills"), "skills"])
        tools.register(SkillsListTool(skills: skills))
        tools.register(SkillLoadTool(skills: skills))
        let executor = Executor(stores: database, bus: bus, tools: tools, providers: ProviderResolver(config: config), defaults: defaults,
                                workspaceRoot: workspace, toolTimeout: .milliseconds(config.int("tools.timeoutMs") ?? 30_000),
                                maxFileBytes: Int(config.int("tools.maxFileBytes") ?? 10 << 20), policy: ToolPolicy(rules: config.toolRules),
                                skills: skills, memory: memory, memorySettings: memorySettings,
                                persistTokens: config["agent.persistLlmTokens"]?.boolValue ?? true)
        let leaseMs = config.int("queue.leaseMs") ?? 30_000
        queue = RunQueue(stores: database, executor: executor, concurrency: Int(config.int("queue.concurrency") ?? 1),
                         lease: .milliseconds(leaseMs))
        link = try await ClusterLink.start(database: database, bus: bus, queue: queue)
        let runs = RunService(stores: database, bus: bus, queue: queue, link: link, config: config, defaults: defaults)
        self.runs = runs
        teams = TeamService(stores: database, memory: memory, runs: runs, defaults: defaults)
        tools.register(TraceExportTool { runID, scope in try await runs.export(runID, in: scope) })
    }

    public func close() async {
        link?.stop()
        await database.close()
    }
}
