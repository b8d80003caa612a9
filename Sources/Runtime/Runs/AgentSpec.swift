import JSON

/// How a run's agent is set up: the `agent` block of `runs/create`, merged
/// over the seed's `llm_config` and the process configuration. Stored with
/// the run (never with an API key in it), so a resumed run uses the same agent.
public struct AgentSpec: Codable, Sendable, Equatable {
    public var provider: String?
    public var model: String?
    public var baseURL: String?
    public var temperature: Double?
    public var maxTokens: Int?
    public var systemPrompt: String?
    /// Names of the tools the agent may use (nil: all registered tools).
    public var tools: [String]?
    public var maxSteps: Int?
    public var timeoutMs: Int64?
    /// `auto`, `none`, `required`, or a tool name to force on the first step.
    public var toolChoice: String?
    /// The scripted provider's script.
    public var script: ScriptedProvider.Script?
    /// Skills to load: their instructions join the system prompt and their
    /// tools join `tools` (when that list restricts the agent).
    public var skills: [String]?
    /// Set by the runtime on a group member's run (never by a client).
    public var role: RoleBinding?
    /// Set by the runtime on a group run's parent (never by a client).
    public var team: TeamPlan?
    /// The model's context window in tokens (`llm.contextWindow`).
    public var contextWindow: Int?
    /// Token budget of the run (`agent.maxTokensTotal`): spent, it ends with `budget`.
    public var maxTokensTotal: Int64?
    /// Earlier completed runs of the session the run starts from (`agent.historyTurns`).
    public var historyTurns: Int?
    /// The Nth identical consecutive tool call is a doom loop (`agent.doomLoopThreshold`; 0: off).
    public var doomLoopThreshold: Int?
    /// Cost budget in US dollars (`agent.maxCostUsd`): once the run's cost
    /// reaches it, the run ends with `stop_reason: budget` before its next step.
    public var maxCostUsd: Double?
    /// Set by the runtime on the runs of an editor's session (never by a
    /// client): the session's working folder, which is the run's workspace.
    public var workspace: String?
    /// Set by the runtime from `runs/create {attachments, input_parts}`
    /// (never in the agent block): the uploads the run's first message
    /// carries, by reference.
    public var attachments: [AttachmentRef]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case provider, model, temperature, tools, script, skills, role, team
        case baseURL = "base_url", maxTokens = "max_tokens", systemPrompt = "system_prompt", maxSteps = "max_steps"
        case timeoutMs = "timeout_ms", toolChoice = "tool_choice"
        case contextWindow = "context_window", maxTokensTotal = "max_tokens_total", historyTurns = "history_turns"
        case doomLoopThreshold = "doom_loop_threshold", maxCostUsd = "max_cost_usd", workspace, attachments
    }

    /// Fills what this spec leaves open from `other`.
    public func over(_ other: AgentSpec) -> AgentSpec {
        var s = self
        s.provider = provider ?? other.provider
        s.model = model ?? other.model
        s.baseURL = baseURL ?? other.baseURL
        s.temperature = temperature ?? other.temperature
        s.maxTokens = maxTokens ?? other.maxTokens
        s.systemPrompt = systemPrompt ?? other.systemPrompt
        s.tools = tools ?? other.tools
        s.maxSteps = maxSteps ?? other.maxSteps
        s.timeoutMs = timeoutMs ?? other.timeoutMs
        s.toolChoice = toolChoice ?? other.toolChoice
        s.script = script ?? other.script
        s.skills = skills ?? other.skills
        s.role = role ?? other.role
        s.team = team ?? other.team
        s.contextWindow = contextWindow ?? other.contextWindow
        s.maxTokensTotal = maxTokensTotal ?? other.maxTokensTotal
        s.historyTurns = historyTurns ?? other.historyTurns
        s.doomLoopThreshold = doomLoopThreshold ?? other.doomLoopThreshold
        s.maxCostUsd = maxCostUsd ?? other.maxCostUsd
        s.workspace = workspace ?? other.workspace
        s.attachments = attachments ?? other.attachments
        return s
    }

    /// The process defaults for a run that says nothing.
    public static func defaults(from config: Config) -> AgentSpec {
        var s = AgentSpec()
        let selection = ProviderSelection(config: config)
        s.provider = selection.provider
        s.model = config.string("llm.model") ?? (selection.provider == "scripted" ? "scripted-default" : nil)
        s.baseURL = config.string("llm.baseUrl")
        s.temperature = config.double("llm.temperature")
        s.maxTokens = config.int("llm.maxTokens").map(Int.init)
        s.maxSteps = config.int("agent.maxSteps").map(Int.init) ?? 10
        s.timeoutMs = config.int("agent.timeout") ?? 300_000
        s.contextWindow = config.int("llm.contextWindow").map(Int.init)
        s.maxTokensTotal = config.int("agent.maxTokensTotal")
        s.historyTurns = Int(config.int("agent.historyTurns") ?? 20)
        s.doomLoopThreshold = Int(config.int("agent.doomLoopThreshold") ?? 3)
        s.maxCostUsd = config.double("agent.maxCostUsd")
        return s
    }

    public static let schema: JSONValue = Schema.object([
        "provider": Schema.oneOf(strings: ["scripted", "mock", "openai", "anthropic", "gemini"]),
        "model": Schema.string(minLength: 1, maxLength: 256),
        "base_url": Schema.string(maxLength: 2048, pattern: "^https?://"),
        "temperature": Schema.number(minimum: 0, maximum: 2),
        "max_tokens": Schema.integer(minimum: 1, maximum: 1_000_000),
        "system_prompt": Schema.string(maxLength: 200_000),
        "tools": Schema.array(Schema.string(minLength: 1, maxLength: 256), maxItems: 512),
        "max_steps": Schema.integer(minimum: 1, maximum: 10_000),
        "timeout_ms": Schema.integer(minimum: 100, maximum: 86_400_000),
        "tool_choice": Schema.string(minLength: 1, maxLength: 256),
        "script": ScriptedProvider.scriptSchema,
        "skills": Schema.array(SafeIDSchema.id, maxItems: 32),
        "context_window": Schema.integer(minimum: 256, maximum: 100_000_000),
        "max_tokens_total": Schema.integer(minimum: 1, maximum: 1_000_000_000_000),
        "history_turns": Schema.integer(minimum: 0, maximum: 1000),
        "doom_loop_threshold": Schema.integer(minimum: 0, maximum: 1000),
        "max_cost_usd": Schema.number(minimum: 0, maximum: 1_000_000_000),
    ])

    /// What `run.started` may show of the agent (no secrets exist in a spec).
    public var summary: JSONValue {
        var o: [String: JSONValue] = [:]
        if let provider { o["provider"] = .string(provider) }
        if let model { o["model"] = .string(model) }
        if let maxSteps { o["max_steps"] = .int(Int64(maxSteps)) }
        if let timeoutMs { o["timeout_ms"] = .int(timeoutMs) }
        if let tools { o["tools"] = .array(tools.map(JSONValue.string)) }
        if let skills { o["skills"] = .array(skills.map(JSONValue.string)) }
        if let contextWindow { o["context_window"] = .int(Int64(contextWindow)) }
        if let maxTokensTotal { o["max_tokens_total"] = .int(maxTokensTotal) }
        if let maxCostUsd { o["max_cost_usd"] = .double(maxCostUsd) }
        if let role { o["role"] = ["role_id": .string(role.roleID), "name": .string(role.name), "lead": .bool(role.lead)] }
        if let workspace { o["workspace"] = .string(workspace) }
        if let attachments { o["attachments"] = .array(attachments.map(\.json)) }
        return .object(o)
    }
}

extension AgentSpec {
    /// The part of this spec that picks and tunes the model.
    public var modelChoice: ModelChoice {
        ModelChoice(provider: provider, model: model, baseURL: baseURL, temperature: temperature, maxTokens: maxTokens, script: script)
    }
}
