import JSON
import RPC
import Runtime

/// `memory_search {query, k?, tiers?}`: hybrid retrieval, as `memory/search`.
enum MemorySearchServedTool: MCPServedTool {
    static let name = "memory_search"
    static let title = "Search memory"
    static let description = "Search the long-term memory (core, episodic, archival) by meaning and words; hits come best first with a snippet."
    static let inputSchema = Schema.object([
        "query": Schema.string(minLength: 1, maxLength: 4096),
        "k": Schema.integer(minimum: 1, maximum: 100, description: "Hits to return (default 8)."),
        "tiers": Schema.array(Schema.oneOf(strings: ["core", "episodic", "archival"]), minItems: 1, maxItems: 3),
    ], required: ["query"])
    static let annotations: JSONValue = ["title": "Search memory", "readOnlyHint": true, "openWorldHint": false]

    static func call(_ arguments: JSONValue, _ call: MCPToolCall) async throws -> MCPToolAnswer {
        MCPToolAnswer(content: try await MCPServerMethods.invoke(MemorySearch.self, arguments, call.context))
    }
}

/// `memory_write {tier, content, title?}`: stores a memory, as `memory/write`.
enum MemoryWriteServedTool: MCPServedTool {
    static let name = "memory_write"
    static let title = "Write memory"
    static let description = "Store a memory: archival knowledge shared in the project, an episodic note, or a core fact."
    static let inputSchema = Schema.object([
        "tier": Schema.oneOf(strings: ["core", "episodic", "archival"]),
        "content": Schema.string(minLength: 1),
        "title": Schema.string(maxLength: 512),
    ], required: ["tier", "content"])
    static let annotations: JSONValue = ["title": "Write memory", "readOnlyHint": false, "destructiveHint": false, "idempotentHint": false, "openWorldHint": false]

    static func call(_ arguments: JSONValue, _ call: MCPToolCall) async throws -> MCPToolAnswer {
        MCPToolAnswer(content: try await MCPServerMethods.invoke(MemoryWrite.self, arguments, call.context))
    }
}
