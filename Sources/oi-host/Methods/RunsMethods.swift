import RPC
import Runtime

/// `runs/create`: queues a run (status `pending`).
enum RunsCreate: RPCMethod {
    static let name = "runs/create"
    static let summary = "Queues a run of the agent on an input; the same idempotency_key in the same scope returns the first run."

    struct LLMConfig: Codable, Sendable {
        var provider: String?
        var model: String?
        var baseURL: String?
        var temperature: Double?
        var maxTokens: Int?
        enum CodingKeys: String, CodingKey { case provider, model, temperature, baseURL = "base_url", maxTokens = "max_tokens" }
    }

    struct Params: Codable, Sendable {
        var input: String
        var sessionKey: String?
        var agentID: String?
        var llmConfig: LLMConfig?
        var agent: AgentSpec?
        var idempotencyKey: String?
        var onBusySession: CreateRun.OnBusy?
        var metadata: JSONValue?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey {
            case input, agent, metadata, scope
            case sessionKey = "session_key", agentID = "agent_id", llmConfig = "llm_config"
            case idempotencyKey = "idempotency_key", onBusySession = "on_busy_session"
        }
    }

    typealias Result = JSONValue

    static let paramsSchema = Schema.object([
        "input": Schema.string(minLength: 1, description: "At most limits.inputBytes (1,000,000) bytes of UTF-8; more is -32011."),
        "session_key": RunSchemas.sessionKey,
        "agent_id": SafeIDSchema.id,
        "llm_config": Schema.object([
            "provider": Schema.oneOf(strings: ["scripted", "mock", "openai", "anthropic", "gemini"]),
            "model": Schema.string(minLength: 1, maxLength: 256),
            "base_url": Schema.string(maxLength: 2048, pattern: "^https?://"),
            "temperature": Schema.number(minimum: 0, maximum: 2),
            "max_tokens": Schema.integer(minimum: 1, maximum: 1_000_000),
        ]),
        "agent": AgentSpec.schema,
        "idempotency_key": Schema.string(minLength: 1, maxLength: 256),
        "on_busy_session": Schema.oneOf(strings: ["enqueue", "reject", "interrupt"]),
        "metadata": Schema.map(Schema.any, description: "At most limits.metadataBytes (65,536) bytes serialised; more is -32011."),
        "scope": ScopeParams.schema,
    ], required: ["input"])

    static let resultSchema = RunSchemas.run

    /// The agent block over the seed's `llm_config`.
    static func agent(_ p: Params) -> AgentSpec {
        var base = AgentSpec()
        base.provider = p.llmConfig?.provider
        base.model = p.llmConfig?.model
        base.baseURL = p.llmConfig?.baseURL
        base.temperature = p.llmConfig?.temperature
        base.maxTokens = p.llmConfig?.maxTokens
        return (p.agent ?? AgentSpec()).over(base)
    }
}

/// `runs/get`.
enum RunsGet: RPCMethod {
    static let name = "runs/get"
    static let summary = "Returns one run of the caller's scope."
    struct Params: Codable, Sendable {
        var runID: String
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case runID = "run_id", scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["run_id": RunSchemas.runID, "scope": ScopeParams.schema], required: ["run_id"])
    static let resultSchema = RunSchemas.run
}

/// `runs/list`: newest first, with a cursor.
enum RunsList: RPCMethod {
    static let name = "runs/list"
    static let summary = "Lists runs of the caller's scope, newest first, filtered by status, session and creation time; pages by cursor."
    struct Params: Codable, Sendable {
        var status: [String]?
        var sessionKey: String?
        var createdFrom: String?
        var createdBefore: String?
        var limit: Int?
        var cursor: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey {
            case status, limit, cursor, scope
            case sessionKey = "session_key", createdFrom = "created_from", createdBefore = "created_before"
        }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "status": Schema.array(RunSchemas.status, minItems: 1, maxItems: 6),
        "session_key": RunSchemas.sessionKey,
        "created_from": Schema.timestamp,
        "created_before": Schema.timestamp,
        "limit": Schema.integer(minimum: 1, maximum: 100),
        "cursor": Schema.string(minLength: 1, maxLength: 256),
        "scope": ScopeParams.schema,
    ])
    static let resultSchema = Schema.object([
        "runs": Schema.array(RunSchemas.run), "next_cursor": Schema.nullable(Schema.string()),
    ], required: ["runs", "next_cursor"])
}

/// `sessions/runs`: a session's runs by page, as the seed's route.
enum SessionsRuns: RPCMethod {
    static let name = "sessions/runs"
    static let summary = "Lists a session's runs, newest first, by page number."
    struct Params: Codable, Sendable {
        var sessionKey: String
        var page: Int?
        var limit: Int?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case page, limit, scope, sessionKey = "session_key" }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "session_key": RunSchemas.sessionKey,
        "page": Schema.integer(minimum: 1, maximum: 10_000),
        "limit": Schema.integer(minimum: 1, maximum: 100),
        "scope": ScopeParams.schema,
    ], required: ["session_key"])
    static let resultSchema = Schema.object([
        "runs": Schema.array(RunSchemas.run), "total": Schema.integer(minimum: 0),
        "page": Schema.integer(minimum: 1), "limit": Schema.integer(minimum: 1),
    ], required: ["runs", "total", "page", "limit"])
}

/// `runs/cancel`.
enum RunsCancel: RPCMethod {
    static let name = "runs/cancel"
    static let summary = "Cancels a run: a pending one at once, a running one within one step (aborting its model call)."
    typealias Params = RunsGet.Params
    typealias Result = JSONValue
    static let paramsSchema = RunsGet.paramsSchema
    static let resultSchema = Schema.object([
        "success": Schema.boolean, "run_id": Schema.string(), "status": RunSchemas.status,
    ], required: ["success", "run_id", "status"])
}

/// `runs/export`.
enum RunsExport: RPCMethod {
    static let name = "runs/export"
    static let summary = "Exports a run's whole trace (run, every event, checkpoint summary) as one JSON document."
    struct Params: Codable, Sendable {
        var runID: String
        var format: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case runID = "run_id", format, scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "run_id": RunSchemas.runID, "format": Schema.oneOf(strings: ["json"]), "scope": ScopeParams.schema,
    ], required: ["run_id"])
    static let resultSchema = Schema.object([
        "format": Schema.string(), "exported_at": Schema.timestamp, "run": RunSchemas.run,
        "events": Schema.array(RunSchemas.event),
        "checkpoints": Schema.array(Schema.object([
            "step": Schema.integer(minimum: 0), "created_at": Schema.timestamp, "bytes": Schema.integer(minimum: 0), "messages": Schema.integer(minimum: 0),
        ], required: ["step", "created_at", "bytes", "messages"])),
    ], required: ["format", "exported_at", "run", "events", "checkpoints"])
}

/// `runs/approve`: decides a tool call a run is waiting on.
enum RunsApprove: RPCMethod {
    static let name = "runs/approve"
    static let summary = "Decides a tool call that needs approval: allow_once, allow_always (remembered for this scope and tool) or deny; the run resumes when nothing else waits."
    struct Params: Codable, Sendable {
        var runID: String
        var callID: String
        var decision: String
        var reason: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case runID = "run_id", callID = "call_id", decision, reason, scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "run_id": RunSchemas.runID,
        "call_id": Schema.string(minLength: 1, maxLength: 256),
        "decision": Schema.oneOf(strings: ["allow_once", "allow_always", "deny"]),
        "reason": Schema.string(maxLength: 4096),
        "scope": ScopeParams.schema,
    ], required: ["run_id", "call_id", "decision"])
    static let resultSchema = Schema.object([
        "success": Schema.boolean, "run_id": Schema.string(), "call_id": Schema.string(),
        "decision": Schema.oneOf(strings: ["allow_once", "allow_always", "deny"]), "status": RunSchemas.status,
    ], required: ["success", "run_id", "call_id", "decision", "status"])
}
