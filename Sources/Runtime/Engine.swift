import Foundation
import Logging
import Memory
import Store

/// The runtime of one process, composed: the database, the event bus, the
/// tool registry, the run queue and the runs API over them.
public final class Engine: Sendable {
    public let config: Config
    /// The stores, for the runtime's services only: callers above the
    /// runtime (the host, the CLI) go through the services.
    let database: Database
    public let bus: EventBus
    public let tools: ToolRegistry
    public let queue: RunQueue
    public let runs: RunService
    public let skills: SkillService
    public let teams: TeamService
    /// Core, episodic and archival memory over the same database.
    public let memory: MemoryService
    /// API tokens the REST adapter checks (`tokens/verify`).
    public let tokens: TokenService
    /// Editors' sessions: stored folders and servers, and those attached now.
    public let sessions: ClientSessionService
    /// Uploaded files runs take as attachments.
    public let uploads: UploadService
    /// Durable background jobs (ingestion, connector syncs) and their runner.
    public let jobs: JobService
    /// PDF ingestion and Feishu connectors, as jobs.
    public let ingest: IngestService
    /// Feishu connectors and their syncs.
    public let feishu: FeishuService
    public let dataDirectory: String
    /// On SQLite: which process of the data folder executes runs (nil on PostgreSQL).
    public let queueLock: QueueLock?
    /// Whether the database answers, for `system/health`.
    public let storageHealth: StorageHealth
    /// `sqlite` or `postgres`.
    public var storageBackend: String { database.dialect.rawValue }
    let link: ClusterLink?
    let sqliteLink: SQLiteLink?
    /// Live OpenTelemetry export (`otel.endpoint`), nil when not configured.
    public let traceExporter: TraceExporter?
    private let logger = Logger(label: "oi.runtime")

    /// Opens storage (creating the data directory for SQLite), applies
    /// migrations and wires the runtime. `tools` is the process's registry
    /// (built-ins, plus what `MCPManager` lists into it, which needs no storage).
    public static func open(config: Config, tools: ToolRegistry = .builtins()) async throws -> Engine {
        let dataDirectory = config.string("server.baseDir") ?? "data"
        var storeConfig = try StoreConfiguration.resolve(databaseURL: config.string("server.databaseUrl"), dataDirectory: dataDirectory)
        storeConfig.retry.outage = .milliseconds(config.int("storage.retryMs") ?? 30_000)
        if case .sqlite = storeConfig.backend {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        }
        let database = try await Database.open(storeConfig)
        var lock: QueueLock?
        if case .sqlite(let path) = storeConfig.backend { lock = QueueLock(databasePath: path) }
        return try await Engine(config: config, database: database, dataDirectory: dataDirectory, tools: tools, queueLock: lock)
    }

    init(config: Config, database: Database, dataDirectory: String, tools: ToolRegistry, queueLock: QueueLock? = nil) async throws {
        self.queueLock = queueLock
        storageHealth = StorageHealth(database: database)
        self.config = config
        self.database = database
        tokens = TokenService(stores: database)
        self.dataDirectory = dataDirectory
        bus = EventBus()
        self.tools = tools
        let defaults = AgentSpec.defaults(from: config)
        let workspace = config.string("sandbox.jailDir") ?? config.string("agent.workDir") ?? (dataDirectory as NSString).appendingPathComponent("workspace")
        uploads = UploadService(stores: database, maxBytes: Int(config.int("uploads.maxBytes") ?? Int64(UploadService.defaultMaxBytes)),
                                workspaces: TenantFolders(base: workspace))
        let memorySettings = MemorySettings(config: config)
        let payload = PayloadLimits(config: config)
        var memoryLimits = MemoryLimits()
        memoryLimits.maxContentBytes = payload.memoryContentBytes
        memoryLimits.maxMetadataBytes = payload.metadataBytes
        memory = MemoryService(database: database, embedder: memorySettings.makeEmbedder(logger: logger), limits: memoryLimits,
                               hybridAlpha: memorySettings.hybridAlpha)
        skills = SkillService(database: database, directories: [config.string("skills.dir") ?? (dataDirectory as NSString).appendingPathComponent("skills"), "skills"])
        tools.register(SkillsListTool(skills: skills))
        tools.register(SkillLoadTool(skills: skills))
        var executor = Executor(stores: database, bus: bus, tools: tools, providers: ProviderResolver(config: config), defaults: defaults,
                                workspaces: TenantFolders(base: workspace), toolTimeout: .milliseconds(config.int("tools.timeoutMs") ?? 30_000),
                                maxFileBytes: Int(config.int("tools.maxFileBytes") ?? 10 << 20), policy: ToolPolicy(rules: config.toolRules),
                                skills: skills, memory: memory, memorySettings: memorySettings,
                                persistTokens: config["agent.persistLlmTokens"]?.boolValue ?? true,
                                resultCap: ToolResultCap(maxBytes: Int(config.int("tools.maxResultBytes") ?? 262_144)))
        executor.maxParallel = Int(config.int("tools.maxParallel") ?? 8)
        // A sandboxed command sees neither the data folder (the database, other tenants) nor other workspaces.
        executor.sandbox = SandboxSettings(config: config, hidden: [dataDirectory, workspace].map(Self.absolute))
        executor.meter = UsageMeter(pricing: Pricing(config.pricing))
        let leaseMs = config.int("queue.leaseMs") ?? 30_000
        let attachments = SessionAttachments()
        executor.attachments = attachments
        sessions = ClientSessionService(stores: database, attachments: attachments)
        executor.brief = { run, role in try await TeamContext.openingMessage(input: run.input, run: run, role: role, stores: database) }
        var drivers = RunDrivers()
        drivers.register(prefix: SerialOrchestrator.agentPrefix) { SerialOrchestrator(queue: $0) }
        queue = RunQueue(stores: database, executor: executor, drivers: drivers, concurrency: Int(config.int("queue.concurrency") ?? 1),
                         lease: .milliseconds(leaseMs))
        var jobSettings = JobService.Settings()
        jobSettings.lease = .milliseconds(config.int("jobs.leaseMs") ?? 30_000)
        jobSettings.concurrency = Int(config.int("jobs.concurrency") ?? 2)
        jobSettings.poll = .milliseconds(config.int("jobs.pollMs") ?? 250)
        jobs = JobService(repository: database.jobs, settings: jobSettings)
        let mineru = MinerUSettings(config: config)
        jobs.register(PDFIngestJob(settings: mineru, memory: memory, uploads: uploads, workFolder: (dataDirectory as NSString).appendingPathComponent("ingest")))
        ingest = IngestService(mineru: mineru, jobs: jobs, workspaces: TenantFolders(base: workspace), uploads: uploads)
        let feishuSettings = FeishuSettings(config: config)
        let feishuClient = FeishuClient(settings: feishuSettings)
        jobs.register(FeishuSyncJob(settings: feishuSettings, memory: memory, connectors: database.connectors, client: feishuClient))
        tools.register(MinerUIngestTool(ingest: ingest))
        tools.register(FeishuIngestTool(settings: feishuSettings, client: feishuClient, memory: memory))
        feishu = FeishuService(settings: feishuSettings, connectors: database.connectors, jobs: jobs)
        link = try await ClusterLink.start(database: database, bus: bus, queue: queue)
        sqliteLink = database.dialect == .sqlite ? SQLiteLink(database: database, bus: bus, queue: queue) : nil
        let runs = RunService(stores: database, bus: bus, queue: queue, link: link, config: config, defaults: defaults, tools: tools,
                              rollupAgentPrefix: SerialOrchestrator.agentPrefix)
        self.runs = runs
        teams = TeamService(stores: database, memory: memory, runs: runs, defaults: defaults)
        var delegation = Delegation(queue: queue, teams: teams)
        delegation.maxDepth = Int(config.int("agent.maxDelegationDepth") ?? 3)
        delegation.maxChildren = Int(config.int("agent.maxChildrenPerCall") ?? 8)
        for tool: any Tool in [HandoffTool(delegation: delegation), DispatchSubtasksTool(delegation: delegation), EscalateToGroupTool(delegation: delegation),
                               ListRolesTool(teams: teams), ListAvailableGroupsTool(teams: teams)] {
            tools.register(tool)
        }
        tools.register(TraceExportTool { runID, scope in try await runs.export(runID, in: scope) })
        if let settings = TraceExporter.Settings(config: config) {
            let exporter = TraceExporter(settings: settings) { runID, scope in
                try await runs.spans(runID, in: scope, captureContent: settings.captureContent)
            }
            bus.tap { exporter.observe($0) }
            traceExporter = exporter
        } else {
            traceExporter = nil
        }
    }

    /// The engine's background work, until `shutdown()`: the links to other
    /// processes (LISTEN/NOTIFY on PostgreSQL, polling on SQLite) and the
    /// queue worker. Everything it starts ends before it returns.
    /// `mcpNotices` (the MCP servers') are recorded in the runs that can
    /// call those servers' tools. `beforeClaiming` runs first beside the links (the host waits there
    /// for its MCP servers' first launch, so their tools are listed before the
    /// first run starts).
    public func run(mcpNotices: MCPNotices? = nil, beforeClaiming: @Sendable () async -> Void = {}) async {
        await withTaskGroup(of: Void.self) { outer in
            // The exporter outlives the queue: it flushes the runs that just ended, then returns.
            if let traceExporter { outer.addTask { await traceExporter.run() } }
            await withTaskGroup(of: Void.self) { group in
                if let link { group.addTask { await link.run() } }
                if let sqliteLink { group.addTask { await sqliteLink.run() } }
                let jobs = self.jobs
                group.addTask { await jobs.run() }
                let feishu = self.feishu
                if feishu.settings.enabled { group.addTask { await feishu.poll() } }
                if let mcpNotices {
                    let recorder = MCPNoticeRecorder(stores: database, bus: bus, queue: queue, defaults: runs.defaults)
                    group.addTask { await recorder.run(mcpNotices) }
                }
                await beforeClaiming()
                await runQueue()
                group.cancelAll()
            }
            traceExporter?.close()
        }
    }

    /// Stops taking work and hands executing runs back; `run()` then returns.
    public func shutdown() {
        jobs.shutdown()
        queue.shutdown()
    }

    /// Executes runs until `queue.shutdown()`. On SQLite it first waits to
    /// own the data folder's queue (`QueueLock`): another process may hold
    /// it, and this one takes over when that process is gone.
    func runQueue() async {
        if let queueLock {
            var announced = false
            while !queue.isStopping && !queueLock.tryAcquire() {
                if !announced {
                    logger.info("another process runs this data folder's queue; serving without a queue worker",
                                metadata: ["owner_pid": .string(queueLock.ownerPID.map(String.init) ?? "?")])
                    announced = true
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
            if queue.isStopping { return }
            if announced { logger.info("took over the data folder's queue") }
        }
        await queue.run()
        queueLock?.release()
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }

    public func close() async {
        link?.stop()
        await database.close()
    }
}
