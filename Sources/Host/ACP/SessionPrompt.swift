import Foundation
import JSON
import RPC
import Runtime
import Store

/// ACP `session/prompt {sessionId, prompt}`: a run of the session, streamed
/// as `session/update`s until it ends; approvals it waits for become
/// `session/request_permission`. The answer is `{stopReason}` mapped from
/// ours; a failed run (error, timeout, budget…) is a JSON-RPC error with
/// `data.stop_reason`.
enum SessionPrompt: HostMethod {
    static let name = "session/prompt"
    static let summary = "Agent Client Protocol: runs the agent on the prompt in the session, streaming session/update notifications; answers the stop reason."

    struct Params: Decodable, Sendable {
        var sessionId: String
        var prompt: [JSONValue]
        /// `_meta.openintern.agent`: the run's `agent` block, as `runs/create` takes it (model, script, limits, tools).
        var meta: JSONValue?
        enum CodingKeys: String, CodingKey { case sessionId, prompt, meta = "_meta" }
    }

    struct Result: Encodable, Sendable {
        var stopReason: String
    }

    static let paramsSchema = Schema.object([
        "sessionId": ACPSchemas.sessionID,
        "prompt": Schema.array(ACPSchemas.contentBlock, maxItems: 1000),
    ], required: ["sessionId", "prompt"], additional: true)
    static let resultSchema = Schema.object(["stopReason": Schema.oneOf(strings: ["end_turn", "max_tokens", "max_turn_requests", "refusal", "cancelled"])],
                                            required: ["stopReason"], additional: true)
    static let example = Result(stopReason: "end_turn")

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        guard let session = context.host.acp.session(p.sessionId) else {
            throw RPCError(code: .notFound, message: "no session \(p.sessionId) on this connection (session/new or session/load first)",
                           data: ["path": "params.sessionId"])
        }
        let (input, files) = try content(of: p.prompt)
        try PayloadLimits.check(input, limit: context.host.limits.inputBytes, path: "params.prompt")
        let engine = try await context.runtime()
        let turn = ACPPrompt()
        guard session.begin(turn) else {
            throw RPCError(code: .invalidState, message: "session \(session.id) is already answering a prompt")
        }
        defer { session.end(turn) }
        // The session's own MCP servers list their tools before its first run starts (bounded).
        await session.servers.waitForFirstLaunch(timeout: MCPServers.startupWait)
        var agent = try agentBlock(p.meta)
        agent.workspace = session.cwd
        var request = CreateRun(input: input, sessionKey: session.id, agent: agent)
        // Images and binary resources become uploads the run takes as attachments.
        // Without a mimeType the type is detected from the bytes; a declared one must fit them.
        for file in files {
            let path = "params.prompt[\(file.index)]"
            request.attachments.append(try await engine.uploads.create(name: file.name, mimeType: file.mimeType, data: file.data, in: session.scope,
                                                                       dataPath: path).id)
            request.attachmentPaths = (request.attachmentPaths ?? []) + [path]
        }
        let run = try await engine.runs.create(request, in: session.scope).run
        turn.runID = run.id
        // A session/cancel that came before the run existed.
        if turn.cancelled.isOpen { _ = try? await engine.runs.cancel(run.id, in: session.scope) }
        let driver = ACPTurn(session: session, turn: turn, runID: run.id, engine: engine, connection: context.request.connection,
                             logger: context.logger)
        guard let end = try await driver.run() else {
            // The request itself was cancelled ($/cancel_request) or the connection closed: the run stops too.
            _ = try? await engine.runs.cancel(run.id, in: session.scope)
            throw CancellationError()
        }
        return Result(stopReason: try ACPStopReason.map(end, cancelled: turn.cancelled.isOpen))
    }

    /// The `agent` block an editor (or a test) may put in `_meta.openintern.agent`.
    static func agentBlock(_ meta: JSONValue?) throws -> AgentSpec {
        guard let block = meta?["openintern"]?["agent"] else { return AgentSpec() }
        let failures = SchemaValidator.validate(block, against: AgentSpec.schema, path: "params._meta.openintern.agent")
        if let first = failures.first { throw RPCError.invalidParams(first.message, path: first.path) }
        do { return try JSONValueCoding.decode(AgentSpec.self, from: block, path: "params._meta.openintern.agent") } catch {
            throw RPCError.invalidParams(error.message, path: error.path)
        }
    }

    /// A file a prompt carries (an image, a binary resource), for an upload.
    struct PromptFile: Sendable {
        var name: String
        var mimeType: String?
        var data: Data
        /// The block's index in the prompt.
        var index: Int = 0
    }

    /// The prompt as the run's input: text blocks as they are, resource
    /// links as `[name](uri)`, embedded text resources as fenced blocks;
    /// images and binary resources as files the run takes as attachments
    /// (at most 5). Audio is refused (-32602).
    static func content(of blocks: [JSONValue]) throws -> (String, [PromptFile]) {
        var parts: [String] = []
        var files: [PromptFile] = []
        func file(_ base64: String?, mimeType: String?, uri: String?, index: Int) throws -> PromptFile {
            guard let base64, let data = Data(base64Encoded: base64), !data.isEmpty else {
                throw RPCError.invalidParams("the block's data is not base64 bytes", path: "params.prompt[\(index)]")
            }
            let name = uri.flatMap { URL(string: $0)?.lastPathComponent }.flatMap { $0.isEmpty || $0 == "/" ? nil : $0 } ?? "upload"
            return PromptFile(name: name, mimeType: mimeType, data: data, index: index)
        }
        for (index, block) in blocks.enumerated() {
            switch block["type"]?.stringValue {
            case "text":
                parts.append(block["text"]?.stringValue ?? "")
            case "resource_link":
                let uri = block["uri"]?.stringValue ?? ""
                parts.append("[\(block["name"]?.stringValue ?? uri)](\(uri))")
            case "resource":
                let resource = block["resource"] ?? [:]
                let uri = resource["uri"]?.stringValue ?? ""
                guard let text = resource["text"]?.stringValue else {
                    files.append(try file(resource["blob"]?.stringValue, mimeType: resource["mimeType"]?.stringValue, uri: uri, index: index))
                    continue
                }
                parts.append("<resource uri=\"\(uri)\">\n\(text)\n</resource>")
            case "image":
                files.append(try file(block["data"]?.stringValue, mimeType: block["mimeType"]?.stringValue, uri: block["uri"]?.stringValue, index: index))
            default:
                let kind = block["type"]?.stringValue ?? "?"
                throw RPCError.invalidParams("\(kind) prompt blocks are not supported (promptCapabilities says so)", path: "params.prompt[\(index)]")
            }
        }
        if files.count > UploadService.maxPerRun {
            throw RPCError.invalidParams("the prompt carries \(files.count) files; the limit is \(UploadService.maxPerRun)", path: "params.prompt")
        }
        var input = parts.joined(separator: "\n\n")
        if input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard !files.isEmpty else { throw RPCError.invalidParams("the prompt has no text", path: "params.prompt") }
            input = "(see the attached files)"
        }
        return (input, files)
    }
}

/// ACP `session/cancel {sessionId}` (a notification): the running prompt's
/// run is cancelled (a waiting permission request with it); the prompt then
/// answers `cancelled`.
enum SessionCancel: HostNotification {
    static let name = "session/cancel"
    static let summary = "Agent Client Protocol: cancels the session's running prompt; it answers stopReason cancelled."
    struct Params: Decodable, Sendable { var sessionId: String }
    typealias Result = EmptyResult
    static let paramsSchema = Schema.object(["sessionId": ACPSchemas.sessionID], required: ["sessionId"], additional: true)
    static let resultSchema = Schema.emptyObject

    static func handle(_ p: Params, _ context: HandlerContext) async throws {
        guard let session = context.host.acp.session(p.sessionId), let turn = session.activePrompt else { return }
        turn.cancelled.open()
        if let runID = turn.runID {
            _ = try? await context.runtime().runs.cancel(runID, in: session.scope)
        }
    }
}

/// Our stop reasons in ACP's words.
enum ACPStopReason {
    /// `end_turn`, `max_tokens`, `refusal`, `cancelled` as they are;
    /// `max_steps` and `doom_loop` are `max_turn_requests`; any other failure
    /// (error, timeout, budget…) is a JSON-RPC error carrying `stop_reason`.
    static func map(_ end: RunEvent, cancelled: Bool) throws -> String {
        let p = end.payload
        let reason = p["stop_reason"]?.stringValue ?? ""
        switch end.type {
        case EventType.runCompleted:
            return ["max_tokens", "refusal"].contains(reason) ? reason : "end_turn"
        case EventType.runCancelled:
            return "cancelled"
        default:
            if cancelled { return "cancelled" }
            if reason == "max_steps" || reason == "doom_loop" { return "max_turn_requests" }
            if reason == "cancelled" { return "cancelled" }
            let error = p["error"] ?? [:]
            throw RPCError(code: .runFailed, message: "the run failed (\(reason.isEmpty ? "error" : reason)): \(error["message"]?.stringValue ?? "")",
                           data: ["stop_reason": .string(reason.isEmpty ? "error" : reason), "run_id": .string(end.runID), "error": error])
        }
    }
}
