import JSON
import RPC
import Runtime

/// A tool this host serves over MCP: its listing and its body. The body
/// gets the arguments (already checked against `inputSchema`) and answers
/// a JSON object, sent as `structuredContent` and mirrored as text.
protocol MCPServedTool: Sendable {
    static var name: String { get }
    static var title: String { get }
    static var description: String { get }
    static var inputSchema: JSONValue { get }
    /// MCP's hints (`readOnlyHint`, `destructiveHint`, `openWorldHint`…).
    static var annotations: JSONValue { get }
    static func call(_ arguments: JSONValue, _ call: MCPToolCall) async throws -> MCPToolAnswer
}

/// What a served tool answers: structured content, and whether it is a tool error.
struct MCPToolAnswer: Sendable {
    var content: JSONValue
    var isError = false
}

/// What a tool body has: the request's context, and the client's progress
/// token (`_meta.progressToken`) to report progress on.
struct MCPToolCall: Sendable {
    let context: HandlerContext
    let progressToken: JSONValue?
    private let counter = ProgressCounter()

    init(context: HandlerContext, progressToken: JSONValue?) {
        self.context = context
        self.progressToken = progressToken
    }

    /// Sends `notifications/progress` (when the client asked for it), always
    /// with a larger `progress` than the last.
    func progress(_ message: String, total: Double? = nil) async {
        guard let token = progressToken else { return }
        var params: [String: JSONValue] = ["progressToken": token, "progress": .double(await counter.next()), "message": .string(message)]
        if let total { params["total"] = .double(total) }
        await context.request.connection.notify("notifications/progress", params: .object(params))
    }
}

private actor ProgressCounter {
    private var value = 0.0
    func next() -> Double {
        value += 1
        return value
    }
}

/// The served tools, in the order `tools/list` gives them.
enum MCPServedTools {
    static let all: [any MCPServedTool.Type] = [RunAgentTool.self, GetRunTool.self, ListRunsTool.self, MemorySearchServedTool.self, MemoryWriteServedTool.self]

    static func named(_ name: String) -> (any MCPServedTool.Type)? { all.first { $0.name == name } }

    static func listing(_ tool: any MCPServedTool.Type) -> JSONValue {
        ["name": .string(tool.name), "title": .string(tool.title), "description": .string(tool.description),
         "inputSchema": tool.inputSchema, "annotations": tool.annotations]
    }
}

/// `tools/list`: the five tools, in one page.
enum MCPToolsList: HostMethod {
    static let name = "tools/list"
    static let summary = "MCP: lists run_agent, get_run, list_runs, memory_search and memory_write."
    struct Params: Decodable, Sendable { var cursor: String? }
    struct Result: Encodable, Sendable { var tools: [JSONValue] }
    static let paramsSchema = Schema.object(["cursor": Schema.string(maxLength: 256)], additional: true)
    static let resultSchema = Schema.object(["tools": Schema.array(Schema.map(Schema.any))], required: ["tools"], additional: true)
    static let example = Result(tools: MCPServedTools.all.map(MCPServedTools.listing))
    static func handle(_ params: Params, _ context: HandlerContext) async throws -> Result { example }
}

/// `tools/call {name, arguments, _meta.progressToken}`: runs a served tool.
/// Bad arguments and failures are tool errors (`isError`, with the reason as
/// text), as MCP 2025-11-25 asks; an unknown tool is -32602.
enum MCPToolsCall: HostMethod {
    static let name = "tools/call"
    static let summary = "MCP: calls one of the served tools; progress goes out as notifications/progress when the call carries a progressToken."

    struct Params: Decodable, Sendable {
        var name: String
        var arguments: JSONValue?
        var meta: JSONValue?
        enum CodingKeys: String, CodingKey { case name, arguments, meta = "_meta" }
    }

    struct Result: Encodable, Sendable {
        var content: [JSONValue]
        var structuredContent: JSONValue?
        var isError: Bool
    }

    static let paramsSchema = Schema.object([
        "name": Schema.string(minLength: 1, maxLength: 128),
        "arguments": Schema.map(Schema.any),
        "_meta": Schema.map(Schema.any),
    ], required: ["name"], additional: true)
    static let resultSchema = Schema.object([
        "content": Schema.array(Schema.map(Schema.any)), "structuredContent": Schema.map(Schema.any), "isError": Schema.boolean,
    ], required: ["content", "isError"], additional: true)
    static let example = Result(content: [["type": "text", "text": #"{"run_id":"run_01M8K4FP46WTNAGA4BE118TSZ4","status":"completed"}"#]],
                                structuredContent: ["run_id": "run_01M8K4FP46WTNAGA4BE118TSZ4", "status": "completed"], isError: false)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        guard let tool = MCPServedTools.named(p.name) else {
            throw RPCError(code: .invalidParams, message: "Unknown tool: \(p.name)", data: ["path": "params.name"])
        }
        let arguments = p.arguments ?? [:]
        let failures = SchemaValidator.validate(arguments, against: tool.inputSchema, path: "arguments")
        if !failures.isEmpty {
            return failure("invalid arguments: " + failures.prefix(5).map { "\($0.path): \($0.message)" }.joined(separator: "; "))
        }
        do {
            let answer = try await tool.call(arguments, MCPToolCall(context: context, progressToken: p.meta?["progressToken"]))
            return Result(content: [["type": "text", "text": .string(answer.content.description)]], structuredContent: answer.content,
                          isError: answer.isError)
        } catch let error as CancellationError {
            throw error
        } catch {
            return failure((ErrorMapping.rpc(error)?.message) ?? "\(error)")
        }
    }

    static func failure(_ message: String) -> Result {
        Result(content: [["type": "text", "text": .string(message)]], structuredContent: nil, isError: true)
    }
}
