import JSON
import RPC
import Runtime

/// Run traces as resources: `openintern://runs/{run_id}` is the run with
/// every event (as `runs/export` gives it), JSON.
enum MCPRunResource {
    static let prefix = "openintern://runs/"
    static let mimeType = "application/json"

    static func uri(_ runID: String) -> String { prefix + runID }
}

/// `resources/list`: the scope's 50 latest runs (a cursor pages on).
enum MCPResourcesList: HostMethod {
    static let name = "resources/list"
    static let summary = "MCP: the latest runs' traces as resources openintern://runs/{run_id}."
    struct Params: Decodable, Sendable { var cursor: String? }
    struct Result: Encodable, Sendable {
        var resources: [JSONValue]
        var nextCursor: String?
    }
    static let paramsSchema = Schema.object(["cursor": Schema.string(maxLength: 256)], additional: true)
    static let resultSchema = Schema.object(["resources": Schema.array(Schema.map(Schema.any)), "nextCursor": Schema.string()],
                                            required: ["resources"], additional: true)
    static let example = Result(resources: [["uri": "openintern://runs/run_01M8K4FP46WTNAGA4BE118TSZ4", "name": "run_01M8K4FP46WTNAGA4BE118TSZ4",
                                             "title": "completed: Summarize the report", "mimeType": "application/json"]], nextCursor: nil)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        var params: [String: JSONValue] = ["limit": 50]
        if let cursor = p.cursor { params["cursor"] = .string(cursor) }
        let page = try await MCPServerMethods.invoke(RunsList.self, .object(params), context)
        let resources: [JSONValue] = (page["runs"]?.arrayValue ?? []).map { run in
            let id = run["run_id"]?.stringValue ?? ""
            let input = run["input"]?.stringValue ?? ""
            return ["uri": .string(MCPRunResource.uri(id)), "name": .string(id), "mimeType": .string(MCPRunResource.mimeType),
                    "title": .string("\(run["status"]?.stringValue ?? ""): \(input.count > 60 ? String(input.prefix(60)) + "…" : input)")]
        }
        return Result(resources: resources, nextCursor: page["next_cursor"]?.stringValue)
    }
}

/// `resources/templates/list`: the run trace template.
enum MCPResourceTemplatesList: HostMethod {
    static let name = "resources/templates/list"
    static let summary = "MCP: the template openintern://runs/{run_id}."
    struct Params: Decodable, Sendable { var cursor: String? }
    struct Result: Encodable, Sendable { var resourceTemplates: [JSONValue] }
    static let paramsSchema = Schema.object(["cursor": Schema.string(maxLength: 256)], additional: true)
    static let resultSchema = Schema.object(["resourceTemplates": Schema.array(Schema.map(Schema.any))], required: ["resourceTemplates"], additional: true)
    static let example = Result(resourceTemplates: [[
        "uriTemplate": "openintern://runs/{run_id}", "name": "run", "title": "Run trace",
        "description": "A run with every event, as runs/export gives it.", "mimeType": "application/json",
    ]])
    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result { example }
}

/// `resources/read {uri}`: a run's trace; an unknown run is -32002.
enum MCPResourcesRead: HostMethod {
    static let name = "resources/read"
    static let summary = "MCP: reads openintern://runs/{run_id}: the run and its events as JSON."
    struct Params: Decodable, Sendable { var uri: String }
    struct Result: Encodable, Sendable { var contents: [JSONValue] }
    static let paramsSchema = Schema.object(["uri": Schema.string(minLength: 1, maxLength: 2048)], required: ["uri"], additional: true)
    static let resultSchema = Schema.object(["contents": Schema.array(Schema.map(Schema.any))], required: ["contents"], additional: true)
    static let example = Result(contents: [["uri": "openintern://runs/run_01M8K4FP46WTNAGA4BE118TSZ4", "mimeType": "application/json",
                                            "text": #"{"format":"json","run":{…},"events":[…]}"#]])

    static let resourceNotFound = RPCError.Code(-32002)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        guard p.uri.hasPrefix(MCPRunResource.prefix) else {
            throw RPCError(code: resourceNotFound, message: "Resource not found: \(p.uri)", data: ["uri": .string(p.uri)])
        }
        let runID = String(p.uri.dropFirst(MCPRunResource.prefix.count))
        let trace: JSONValue
        do {
            trace = try await MCPServerMethods.invoke(RunsExport.self, ["run_id": .string(runID)], context)
        } catch let error as RPCError where error.code == .notFound || error.code == .invalidParams {
            throw RPCError(code: resourceNotFound, message: "Resource not found: \(p.uri)", data: ["uri": .string(p.uri)])
        } catch {
            if let mapped = ErrorMapping.rpc(error), mapped.code == .notFound {
                throw RPCError(code: resourceNotFound, message: "Resource not found: \(p.uri)", data: ["uri": .string(p.uri)])
            }
            throw error
        }
        return Result(contents: [["uri": .string(p.uri), "mimeType": .string(MCPRunResource.mimeType), "text": .string(trace.description)]])
    }
}
