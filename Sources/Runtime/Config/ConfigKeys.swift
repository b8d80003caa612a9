import JSON

/// Every setting the product reads, with the seed's key names.
public enum ConfigKeys {
    public static let all: [ConfigKey] = [
        // LLM
        ConfigKey("llm.provider", env: ["LLM_PROVIDER"], .choice(["scripted", "mock", "openai", "anthropic", "gemini"]),
                  "Model provider; `scripted` (alias `mock`) replays a JSON script and needs no key. Default: the provider whose key is set, else scripted."),
        ConfigKey("llm.model", env: ["LLM_MODEL"], .string, "Model name sent to the provider."),
        ConfigKey("llm.baseUrl", env: ["LLM_BASE_URL"], .url, "Base URL of the provider API (any OpenAI-compatible server for `openai`)."),
        ConfigKey("llm.apiKey", env: ["LLM_API_KEY"], .secret, "API key for the configured provider (falls back to the provider's own variable)."),
        ConfigKey("llm.temperature", env: ["LLM_TEMPERATURE"], .number(0...2), default: 0.7, "Sampling temperature."),
        ConfigKey("llm.maxTokens", env: ["LLM_MAX_TOKENS"], .integer(1...1_000_000), default: 2000, "Maximum output tokens per model call."),
        ConfigKey("llm.contextWindow", env: ["LLM_CONTEXT_WINDOW"], .integer(256...100_000_000),
                  "The model's context window in tokens; a prompt that would not fit (with room for llm.maxTokens) has its oldest turns summarised (run.compacted). Default: 128000 (openai, scripted), 200000 (anthropic), 1000000 (gemini)."),
        ConfigKey("llm.openai.apiKey", env: ["OPENAI_API_KEY"], .secret, "OpenAI key."),
        ConfigKey("llm.openai.baseUrl", env: ["OPENAI_BASE_URL"], .url, default: "https://api.openai.com/v1", "OpenAI-compatible base URL."),
        ConfigKey("llm.anthropic.apiKey", env: ["ANTHROPIC_API_KEY"], .secret, "Anthropic key."),
        ConfigKey("llm.anthropic.baseUrl", env: ["ANTHROPIC_BASE_URL"], .url, default: "https://api.anthropic.com", "Anthropic base URL."),
        ConfigKey("llm.gemini.apiKey", env: ["GEMINI_API_KEY"], .secret, "Gemini key."),
        ConfigKey("llm.gemini.baseUrl", env: ["GEMINI_BASE_URL"], .url, default: "https://generativelanguage.googleapis.com", "Gemini base URL."),
        // Server and storage
        ConfigKey("server.port", env: ["PORT"], .integer(1...65535), default: 3000, "Port of the REST adapter (127.0.0.1)."),
        ConfigKey("server.baseDir", env: ["DATA_DIR"], .string, default: "data", "Data directory: the SQLite file, workspaces, uploads."),
        ConfigKey("server.databaseUrl", env: ["DATABASE_URL"], .secret, "postgres://… to use PostgreSQL + pgvector; unset means SQLite in the data directory."),
        ConfigKey("storage.retryMs", env: ["OI_STORAGE_RETRY_MS"], .integer(0...3_600_000), default: 30_000,
                  "How long a database write or read keeps retrying while the database cannot be reached (a restart, a failover) before it gives up; a run that gives up goes back to the queue."),
        ConfigKey("server.corsOrigins", env: ["CORS_ORIGINS"], .stringList, "Browser origins the REST adapter allows (comma-separated in the environment); `*` allows any. None by default."),
        ConfigKey("server.maxBodyBytes", env: ["OI_MAX_BODY_BYTES"], .integer(1024...1_073_741_824), default: 2_097_152,
                  "Largest REST request body the adapter reads; a larger one is 413."),
        // Agent loop and queue
        ConfigKey("agent.maxSteps", env: ["AGENT_MAX_STEPS"], .integer(1...10_000), default: 10, "Steps before a run stops with stop_reason max_steps."),
        ConfigKey("agent.timeout", env: ["AGENT_TIMEOUT_MS"], .integer(1000...86_400_000), default: 300_000, "Run timeout in milliseconds."),
        ConfigKey("agent.persistLlmTokens", env: ["AGENT_PERSIST_LLM_TOKENS"], .bool, default: true, "Store coalesced llm.token events; false sends them to live subscribers only, without seq."),
        ConfigKey("agent.workDir", env: ["AGENT_WORK_DIR"], .string, "Workspace root for file tools and exec_command (default: <data>/workspace; sandbox.jailDir wins)."),
        ConfigKey("agent.historyTurns", env: ["AGENT_HISTORY_TURNS"], .integer(0...1000), default: 20,
                  "Earlier completed runs of the session a run starts from, as chat messages (0: none); the window is also cut by tokens."),
        ConfigKey("agent.doomLoopThreshold", env: ["AGENT_DOOM_LOOP_THRESHOLD"], .integer(0...1000), default: 3,
                  "The Nth identical consecutive tool call is not run (run.warning DOOM_LOOP_DETECTED, a tool error); the next one ends the run with stop_reason doom_loop. 0 turns it off."),
        ConfigKey("agent.maxDelegationDepth", env: ["AGENT_MAX_DELEGATION_DEPTH"], .integer(0...100), default: 3,
                  "Levels of delegation below a top-level run: a run this deep cannot hand work to child runs (0: no delegation)."),
        ConfigKey("agent.maxChildrenPerCall", env: ["AGENT_MAX_CHILDREN_PER_CALL"], .integer(1...100), default: 8,
                  "Child runs one delegation call (dispatch_subtasks) may create."),
        ConfigKey("agent.maxTokensTotal", env: ["AGENT_MAX_TOKENS_TOTAL"], .integer(1...1_000_000_000_000),
                  "Token budget of one run (input + output of every model call); spent, the run ends with stop_reason budget. Unset: no budget."),
        ConfigKey("agent.maxCostUsd", env: ["AGENT_MAX_COST_USD"], .number(0...1_000_000_000),
                  "Cost budget of one run in US dollars, at the `pricing` table's prices; spent, the run ends with stop_reason budget before its next step. Unset: no budget."),
        ConfigKey("queue.concurrency", env: ["QUEUE_CONCURRENCY"], .integer(1...64), default: 1, "Runs executed at once by this process."),
        ConfigKey("queue.leaseMs", env: ["QUEUE_LEASE_MS"], .integer(1000...3_600_000), default: 30_000, "Lease of a claimed run; renewed by heartbeats."),
        // Scope defaults
        ConfigKey("scope.orgId", env: ["AGENT_ORG_ID"], .string, default: "org_default", "Default org of requests without a scope."),
        ConfigKey("scope.userId", env: ["AGENT_USER_ID"], .string, default: "user_default", "Default user of requests without a scope."),
        ConfigKey("scope.projectId", env: ["AGENT_PROJECT_ID"], .string, "Default project of requests without a scope."),
        // Embeddings
        ConfigKey("embedding.provider", env: ["EMBEDDING_PROVIDER"], .choice(["hash", "api", "openai"]), default: "hash", "Embedder: offline `hash` or an OpenAI-compatible `/v1/embeddings` server."),
        ConfigKey("embedding.dimension", env: ["EMBEDDING_DIMENSION"], .integer(8...8192), default: 256, "Vector dimension (PostgreSQL has an HNSW index for 256; other dimensions are scanned exactly)."),
        ConfigKey("embedding.alpha", env: ["EMBEDDING_ALPHA"], .number(0...1), default: 0.5,
                  "Vector share of a hybrid memory score: 2·(α/(60+rank_vector) + (1−α)/(60+rank_text)); 0.5 is plain RRF, 1 vector order, 0 text order."),
        ConfigKey("embedding.apiUrl", env: ["EMBEDDING_API_URL"], .url, "Embeddings server base URL."),
        ConfigKey("embedding.apiModel", env: ["EMBEDDING_API_MODEL"], .string, default: "text-embedding-3-small", "Embeddings model."),
        ConfigKey("embedding.apiKey", env: ["EMBEDDING_API_KEY"], .secret, "Embeddings server key."),
        // Memory
        ConfigKey("memory.enabled", env: ["MEMORY_ENABLED"], .bool, default: true, "Put core memory and retrieved memories in every step's prompt, and summarise finished runs."),
        ConfigKey("memory.promptTopK", env: ["MEMORY_PROMPT_TOP_K"], .integer(0...20), default: 4, "Memories retrieved into each step's prompt (0: core blocks only)."),
        ConfigKey("memory.autoSummary", env: ["MEMORY_AUTO_SUMMARY"], .bool, default: true, "Write an episodic summary of each finished run and promote its durable facts."),
        ConfigKey("memory.summarizer", env: ["MEMORY_SUMMARIZER"], .choice(["extractive", "model", "auto"]), default: "extractive",
                  "Who writes run summaries: `extractive` (no model call), `model` (the run's own model, one more call per run), `auto` (the model unless the run is scripted)."),
        // Feishu
        ConfigKey("feishu.enabled", env: ["FEISHU_ENABLED"], .bool, default: false, "Enable Feishu connectors."),
        ConfigKey("feishu.appId", env: ["FEISHU_APP_ID"], .string, "Feishu app id."),
        ConfigKey("feishu.appSecret", env: ["FEISHU_APP_SECRET"], .secret, "Feishu app secret."),
        ConfigKey("feishu.baseUrl", env: ["FEISHU_BASE_URL"], .url, default: "https://open.feishu.cn", "Feishu Open API base URL."),
        ConfigKey("feishu.timeoutMs", env: ["FEISHU_TIMEOUT_MS"], .integer(100...600_000), default: 20_000, "Feishu request timeout."),
        ConfigKey("feishu.maxRetries", env: ["FEISHU_MAX_RETRIES"], .integer(0...20), default: 3, "Feishu retries."),
        ConfigKey("feishu.pollIntervalMs", env: ["FEISHU_POLL_INTERVAL_MS"], .integer(1000...86_400_000), default: 120_000, "Connector poll interval."),
        // Jobs (ingestion, connector syncs)
        ConfigKey("jobs.leaseMs", env: ["JOBS_LEASE_MS"], .integer(500...3_600_000), default: 30_000, "How long a job stays claimed without a heartbeat before another process takes it over."),
        ConfigKey("jobs.concurrency", env: ["JOBS_CONCURRENCY"], .integer(1...64), default: 2, "Jobs one process executes at once."),
        ConfigKey("jobs.pollMs", env: ["JOBS_POLL_MS"], .integer(50...60_000), default: 250, "How often an idle job runner looks for work."),
        // MinerU
        ConfigKey("mineru.enabled", env: ["MINERU_ENABLED"], .bool, default: false, "Enable MinerU PDF ingestion."),
        ConfigKey("mineru.mode", env: ["MINERU_MODE"], .choice(["v4"]), default: "v4", "MinerU API mode."),
        ConfigKey("mineru.apiKey", env: ["MINERU_API_KEY"], .secret, "MinerU API key."),
        ConfigKey("mineru.baseUrl", env: ["MINERU_BASE_URL"], .url, default: "https://mineru.net/api/v4", "MinerU base URL."),
        ConfigKey("mineru.uidToken", env: ["MINERU_UID_TOKEN"], .secret, "MinerU uid token."),
        ConfigKey("mineru.timeoutMs", env: ["MINERU_TIMEOUT_MS"], .integer(100...600_000), default: 30_000, "MinerU request timeout."),
        ConfigKey("mineru.maxRetries", env: ["MINERU_MAX_RETRIES"], .integer(0...20), default: 3, "MinerU retries."),
        ConfigKey("mineru.pollIntervalMs", env: ["MINERU_POLL_INTERVAL_MS"], .integer(100...600_000), default: 3000, "MinerU job poll interval."),
        ConfigKey("mineru.maxPollAttempts", env: ["MINERU_MAX_POLL_ATTEMPTS"], .integer(1...10_000), default: 120, "MinerU job poll attempts."),
        ConfigKey("mineru.defaultModelVersion", env: ["MINERU_DEFAULT_MODEL_VERSION"], .choice(["pipeline", "vlm", "MinerU-HTML"]), default: "pipeline", "MinerU model version."),
        // Sandbox (file tools)
        ConfigKey("sandbox.enabled", env: ["SANDBOX_ENABLED"], .bool, default: true,
                  "Run exec_command under bubblewrap (read-only system, writable workspace, no network); where bwrap is missing the tool refuses. File tools are always confined to the workspace."),
        ConfigKey("sandbox.jailDir", env: ["SANDBOX_JAIL_DIR"], .string, "Root of the file tools' and exec_command's workspaces (over agent.workDir; default: <data>/workspace)."),
        ConfigKey("sandbox.env", env: ["SANDBOX_ENV"], .stringList, default: ["PATH", "LANG", "LC_ALL", "TZ", "TERM"],
                  "Environment variables exec_command passes on from the host (an allow-list); names that look like secrets (*KEY*, *TOKEN*, *SECRET*, *PASSWORD*, DATABASE_URL, …) never pass. HOME is the workspace."),
        ConfigKey("sandbox.fileTypeBlacklist", env: ["SANDBOX_FILE_TYPE_BLACKLIST"], .stringList, "File extensions (`.env`, `pem`) the file tools refuse."),
        ConfigKey("sandbox.fileTypeWhitelist", env: ["SANDBOX_FILE_TYPE_WHITELIST"], .stringList, "If set, the only file extensions the file tools accept."),
        ConfigKey("sandbox.maxWriteSize", env: ["SANDBOX_MAX_WRITE_SIZE"], .integer(1...1_073_741_824), default: 10_485_760, "Largest file a file tool may write, in bytes."),
        ConfigKey("sandbox.rateLimit.maxCalls", env: ["SANDBOX_RATE_LIMIT_MAX_CALLS"], .integer(1...1_000_000), default: 1000, "File tool and exec_command calls one run may make per window."),
        ConfigKey("sandbox.rateLimit.windowMs", env: ["SANDBOX_RATE_LIMIT_WINDOW_MS"], .integer(1...86_400_000), default: 60_000, "Rate limit window, in milliseconds."),
        // Tools
        ConfigKey("skills.dir", env: ["SKILLS_DIR"], .string, "Folder of SKILL.md skills (default: <data>/skills; ./skills is read too)."),
        ConfigKey("tools.timeoutMs", env: ["TOOL_TIMEOUT_MS"], .integer(100...3_600_000), default: 30_000, "Timeout of one tool call."),
        ConfigKey("tools.maxFileBytes", env: ["TOOL_MAX_FILE_BYTES"], .integer(1...1_073_741_824), default: 10_485_760, "Largest file a file tool reads or writes."),
        ConfigKey("uploads.maxBytes", env: ["UPLOADS_MAX_BYTES"], .integer(1...1_073_741_824), default: 8_388_608,
                  "Largest upload (uploads/create, POST /api/uploads); larger is -32011 (REST 413)."),
        ConfigKey("tools.maxParallel", env: ["TOOL_MAX_PARALLEL"], .integer(1...64), default: 8,
                  "Read-only tool calls of one model turn run concurrently, at most this many at once; the others run one by one, in order."),
        ConfigKey("tools.maxResultBytes", env: ["TOOL_MAX_RESULT_BYTES"], .integer(1024...1_073_741_824), default: 262_144,
                  "Largest tool result given to the model (and recorded), serialised; a longer one is cut down and marked `truncated` with its full size."),
        // MCP client
        ConfigKey("mcp.maxLineBytes", env: ["MCP_MAX_LINE_BYTES"], .integer(1024...1_073_741_824), default: 16_777_216,
                  "Longest line read from an MCP server; a longer answer fails its call at once (\"answer of N bytes exceeds the limit\")."),
        ConfigKey("mcp.stderrLinesPerSecond", env: ["MCP_STDERR_LINES_PER_SECOND"], .integer(1...1_000_000), default: 100,
                  "Stderr lines of one MCP server logged per second (ten seconds' worth at once); the rest are counted, and the count logged."),
        ConfigKey("mcp.stderrBytesPerSecond", env: ["MCP_STDERR_BYTES_PER_SECOND"], .integer(1024...1_073_741_824), default: 32_768,
                  "Stderr bytes of one MCP server logged per second (ten seconds' worth at once)."),
        // Host
        ConfigKey("log.level", env: ["OI_LOG_LEVEL"], .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]), default: "info", "Log level (logs go to stderr only)."),
        ConfigKey("log.format", env: ["OI_LOG_FORMAT"], .choice(["text", "json"]), default: "text",
                  "`text` lines, or `json`: one object per line with ts, level, logger, message and the metadata (run_id, step, org_id, user_id, project_id, …) as members."),
        // OpenTelemetry
        ConfigKey("otel.endpoint", env: ["OTEL_EXPORTER_OTLP_ENDPOINT"], .url,
                  "OTLP/HTTP collector base URL: every finished run's spans are sent as JSON to {endpoint}/v1/traces, batched, in the background. Unset: no live export (runs/export --format otel still works)."),
        ConfigKey("otel.headers", env: ["OTEL_EXPORTER_OTLP_HEADERS"], .secret, "Headers for the collector, `k1=v1,k2=v2` (e.g. an API key); never logged."),
        ConfigKey("otel.serviceName", env: ["OTEL_SERVICE_NAME"], .string, default: "oi-host", "The resource's service.name."),
        ConfigKey("otel.captureContent", env: ["OI_OTEL_CAPTURE_CONTENT"], .bool, default: false,
                  "Also export run input and output and tool arguments and results (gen_ai.input.messages & co., cut at 4 KiB). Off by default: they may hold anything a user or tool wrote."),
        ConfigKey("otel.batchMs", env: ["OI_OTEL_BATCH_MS"], .integer(10...600_000), default: 1000, "Longest wait before finished runs' spans are sent."),
        ConfigKey("otel.queueSize", env: ["OI_OTEL_QUEUE_SIZE"], .integer(1...1_000_000), default: 2048,
                  "Finished runs waiting for export at most; beyond it runs are dropped (and counted), never waited for."),
        ConfigKey("rpc.maxLineBytes", env: ["OI_MAX_LINE_BYTES"], .integer(1024...1_073_741_824), default: 16_777_216,
                  "Longest JSON-RPC line accepted on stdin, and the longest line written: list methods shorten their page to fit."),
        ConfigKey("rpc.drainTimeoutMs", env: ["OI_DRAIN_TIMEOUT_MS"], .integer(0...600_000), default: 5000,
                  "On stdin EOF, exit or SIGTERM: how long requests already read may run to be answered before they are cancelled (-32800)."),
        ConfigKey("rpc.subscriptionRetryMs", env: ["OI_SUBSCRIPTION_RETRY_MS"], .integer(100...3_600_000), default: 60_000,
                  "How long a subscription keeps retrying failing database reads before it ends with runs/subscription_ended."),
        // Request sizes (-32011 payload_too_large beyond them)
        ConfigKey("limits.inputBytes", env: ["OI_MAX_INPUT_BYTES"], .integer(1...16_777_216), default: 1_000_000, "Largest run input, in UTF-8 bytes."),
        ConfigKey("limits.metadataBytes", env: ["OI_MAX_METADATA_BYTES"], .integer(2...16_777_216), default: 65_536, "Largest metadata object (runs, memories, blackboard entries), serialised."),
        ConfigKey("limits.memoryContentBytes", env: ["OI_MAX_MEMORY_BYTES"], .integer(1...16_777_216), default: 1_000_000, "Largest memory/write content."),
        ConfigKey("limits.blackboardEntryBytes", env: ["OI_MAX_BLACKBOARD_BYTES"], .integer(1...16_777_216), default: 200_000, "Largest blackboard entry content."),
        ConfigKey("limits.skillBytes", env: ["OI_MAX_SKILL_BYTES"], .integer(1...16_777_216), default: 200_000, "Largest skill instructions."),
    ]

    public static let byKey: [String: ConfigKey] = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })

    /// Keys (or `prefix.` families) accepted for the seed's config files but
    /// not acted on yet: the host warns at start about each one that is set,
    /// and `doctor` lists it. Remove an entry with the change that implements it.
    public static let notImplemented = ["mineru.uidToken"]

    public static func isImplemented(_ key: String) -> Bool {
        !notImplemented.contains { $0.hasSuffix(".") ? key.hasPrefix($0) : key == $0 }
    }

    /// Keys whose value is an object of its own shape, validated separately.
    public static let sections: Set<String> = ["mcpServers", "tools.rules", "pricing"]
}
