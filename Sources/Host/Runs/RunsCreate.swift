import JSON
import RPC
import Runtime

/// `runs/create`: queues a run (status `pending`).
enum RunsCreate: HostMethod {
    static let name = "runs/create"
    static let summary = "Queues a run of the agent on an input; the same idempotency_key in the same scope returns the first run."

    /// The seed's `llm_config`: which model and how it samples.
    struct LLMConfig: Codable, Sendable {
        var provider: String?
        var model: String?
        var baseURL: String?
        var temperature: Double?
        var maxTokens: Int?
        enum CodingKeys: String, CodingKey { case provider, model, temperature, baseURL = "base_url", maxTokens = "max_tokens" }

        /// As an agent block (what `agent` leaves open).
        var agent: AgentSpec {
            var spec = AgentSpec()
            spec.provider = provider
            spec.model = model
            spec.baseURL = baseURL
            spec.temperature = temperature
            spec.maxTokens = maxTokens
            return spec
        }

        static let schema = Schema.object([
            "provider": Schema.oneOf(strings: ["scripted", "mock", "openai", "anthropic", "gemini"]),
            "model": Schema.string(minLength: 1, maxLength: 256),
            "base_url": Schema.string(maxLength: 2048, pattern: "^https?://"),
            "temperature": Schema.number(minimum: 0, maximum: 2),
            "max_tokens": Schema.integer(minimum: 1, maximum: 1_000_000),
        ])
    }

    struct Params: Decodable, Sendable, Scoped {
        var input: String?
        var inputParts: [InputPart]?
        var sessionKey: String?
        var agentID: String?
        var llmConfig: LLMConfig?
        var agent: AgentSpec?
        var idempotencyKey: String?
        var onBusySession: CreateRun.OnBusy?
        var metadata: JSONValue?
        var attachments: [Attachment]?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey {
            case input, agent, metadata, scope, attachments
            case sessionKey = "session_key", agentID = "agent_id", llmConfig = "llm_config", inputParts = "input_parts"
            case idempotencyKey = "idempotency_key", onBusySession = "on_busy_session"
        }
    }

    /// The seed's `attachments` item: an upload of the caller's scope.
    struct Attachment: Decodable, Sendable {
        var uploadID: String
        enum CodingKeys: String, CodingKey { case uploadID = "upload_id" }
    }

    typealias Result = RunView

    static let paramsSchema = Schema.object([
        "input": Schema.string(minLength: 1, description: "At most limits.inputBytes (1,000,000) bytes of UTF-8; more is -32011. With input_parts it may be left out; given, it must be their text parts joined."),
        "input_parts": InputPart.listSchema,
        "session_key": RunSchemas.sessionKey,
        "agent_id": SafeIDSchema.id,
        "llm_config": LLMConfig.schema,
        "agent": AgentSpec.schema,
        "idempotency_key": Schema.string(minLength: 1, maxLength: 256),
        "on_busy_session": Schema.oneOf(strings: ["enqueue", "reject", "interrupt"]),
        "metadata": Schema.map(Schema.any, description: "At most limits.metadataBytes (65,536) bytes serialised; more is -32011."),
        // Uploads (uploads/create) the run's first message carries: images as image parts, text and PDFs as text; other types are -32602.
        "attachments": Schema.array(Schema.object(["upload_id": UploadView.uploadID], required: ["upload_id"]), maxItems: UploadService.maxPerRun),
        "scope": ScopeParams.schema,
    ])

    static let resultSchema = RunSchemas.run
    static let example = RunSchemas.exampleRun

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let (input, parts) = try InputPart.input(p.input, parts: p.inputParts)
        try PayloadLimits.check(input, limit: context.host.limits.inputBytes, path: p.input == nil ? "params.input_parts" : "params.input")
        try PayloadLimits.check(p.metadata, limit: context.host.limits.metadataBytes, path: "params.metadata")
        let scope = try await context.scope(of: p)
        var request = CreateRun(input: input, sessionKey: p.sessionKey ?? "s_default", agentID: p.agentID ?? "main",
                                agent: (p.agent ?? AgentSpec()).over(p.llmConfig?.agent ?? AgentSpec()), idempotencyKey: p.idempotencyKey,
                                onBusy: p.onBusySession ?? .enqueue, metadata: p.metadata)
        request.attachments = (p.attachments ?? []).map(\.uploadID) + parts.map(\.uploadID)
        request.attachmentPaths = (p.attachments ?? []).indices.map { "params.attachments[\($0)].upload_id" } + parts.map(\.path)
        // An image part must be an image (a file part may be any type a model reads, checked with the attachments).
        let uploads = try await context.runtime().uploads
        for part in parts where part.image {
            let upload = try await uploads.metadata(part.uploadID, in: scope, path: part.path)
            guard UploadService.imageTypes.contains(upload.mimeType) else {
                throw RuntimeError(.invalidInput, "\(part.path) names \(upload.originalName) (\(upload.mimeType)), not a PNG, JPEG, GIF or WebP image; use a file part",
                                   path: part.path, details: ["upload_id": .string(upload.id), "mime_type": .string(upload.mimeType)])
            }
        }
        let created = try await context.runtime().runs.create(request, in: scope)
        return RunView(created.run, replay: created.existing)
    }
}
