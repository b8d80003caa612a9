import Foundation
import Memory
import JSON
import Store

/// Runs a memory tool's body with the run's memory and scope; memory
/// failures become error results the model reads.
func withMemory(_ context: ToolContext, _ body: (MemoryService, Scope) async throws -> ToolOutput) async throws -> ToolOutput {
    guard let memory = context.memory else { throw ToolFailure("memory is not available in this runtime") }
    do {
        return try await body(memory, try context.scope)
    } catch let error as MemoryError {
        throw ToolFailure(error.field.map { "\($0): \(error.message)" } ?? error.message)
    }
}

/// The tier names, for tool argument schemas.
let tierSchema = Schema.oneOf(strings: MemoryTier.allCases.map(\.rawValue))

/// `memory_search`: hybrid search over the run's memory (its own private
/// memories, its project's archival knowledge).
public struct MemorySearchTool: Tool {
    public let name = "memory_search"
    public let isReadOnly = true
    public let description = "Search memory (past runs, saved facts, documents) with hybrid full-text and vector retrieval."
    public let risk = RiskLevel.low
    public let inputSchema = Schema.object([
        "query": Schema.string(minLength: 1, maxLength: 4096, description: "What to look for."),
        "top_k": Schema.integer(minimum: 1, maximum: 100, description: "How many hits (default 8)."),
        "tiers": Schema.array(tierSchema, minItems: 1, maxItems: 3),
        "mode": Schema.oneOf(strings: ["hybrid", "text", "vector"]),
    ], required: ["query"])

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        try await withMemory(context) { memory, scope in
            let request = SearchRequest(
                query: arguments["query"]?.stringValue ?? "", tiers: arguments["tiers"]?.arrayValue?.compactMap { $0.stringValue.flatMap(MemoryTier.init) },
                k: Int(arguments["top_k"]?.intValue ?? 8), mode: arguments["mode"]?.stringValue.flatMap(SearchRequest.Mode.init) ?? .hybrid,
                filters: SearchFilters(roleID: context.roleID, roleGroupID: context.groupID))
            let result = try await memory.search(request, in: scope)
            return ToolOutput(["hits": .array(result.hits.map { hit in
                ["id": .string(hit.memoryID), "chunk_id": .string(hit.id), "tier": .string(hit.tier.rawValue),
                 "title": hit.title.map(JSONValue.string) ?? .null, "snippet": .string(hit.snippet), "score": .double(hit.score)]
            })])
        }
    }
}

/// `memory_write`: stores a fact or note. `tier: archival` shares it with the
/// project; `metadata.durable: true` on an episodic memory promotes it to
/// archival when the run ends.
public struct MemoryWriteTool: Tool {
    public let name = "memory_write"
    public let description = "Save something to memory: episodic (what happened, private), archival (knowledge shared with the project) or core. Set metadata.durable=true to keep an episodic fact as project knowledge when the run ends."
    public let risk = RiskLevel.medium
    public let inputSchema = Schema.object([
        "tier": tierSchema,
        "type": tierSchema,
        "text": Schema.string(minLength: 1, maxLength: 1_000_000),
        "content": Schema.string(minLength: 1, maxLength: 1_000_000),
        "title": Schema.string(maxLength: 512),
        "metadata": Schema.map(Schema.any),
        "importance": Schema.number(minimum: 0, maximum: 1),
    ])

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        guard let text = arguments["text"]?.stringValue ?? arguments["content"]?.stringValue else { throw ToolFailure("text is required") }
        let tier = (arguments["tier"]?.stringValue ?? arguments["type"]?.stringValue).flatMap(MemoryTier.init) ?? .episodic
        var metadata = arguments["metadata"]?.objectValue ?? [:]
        metadata["run_id"] = metadata["run_id"] ?? .string(context.runID)
        metadata["source"] = metadata["source"] ?? "memory_write"
        let new = NewMemory(tier: tier, content: text, title: arguments["title"]?.stringValue, metadata: .object(metadata),
                            importance: arguments["importance"]?.doubleValue, roleID: context.roleID)
        return try await withMemory(context) { memory, scope in
            let item = try await memory.write(new, in: scope)
            return ToolOutput(["id": .string(item.id), "tier": .string(item.tier.rawValue), "chunk_count": .int(Int64(item.chunkCount))])
        }
    }
}

/// `memory_get`: one memory by id.
public struct MemoryGetTool: Tool {
    public let name = "memory_get"
    public let isReadOnly = true
    public let description = "Read one memory by id (from memory_search or memory_list)."
    public let risk = RiskLevel.low
    public let inputSchema = Schema.object(["id": Schema.string(minLength: 1, maxLength: 128)], required: ["id"])

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        try await withMemory(context) { memory, scope in
            ToolOutput(try JSONValueCoding.encode(MemoryView(try await memory.get(arguments["id"]?.stringValue ?? "", in: scope))))
        }
    }
}

/// `memory_list`: the newest memories, optionally of one tier.
public struct MemoryListTool: Tool {
    public let name = "memory_list"
    public let isReadOnly = true
    public let description = "List memories, newest first, optionally of one tier; page with next_cursor."
    public let risk = RiskLevel.low
    public let inputSchema = Schema.object([
        "tier": tierSchema, "type": tierSchema,
        "limit": Schema.integer(minimum: 1, maximum: 100),
        "cursor": Schema.string(minLength: 1, maxLength: 256),
    ])

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        try await withMemory(context) { memory, scope in
            let tier = (arguments["tier"]?.stringValue ?? arguments["type"]?.stringValue).flatMap(MemoryTier.init)
            let page = try await memory.list(in: scope, tier: tier, limit: Int(arguments["limit"]?.intValue ?? 20),
                                             cursor: arguments["cursor"]?.stringValue)
            return ToolOutput(try JSONValueCoding.encode(MemoryPageView(memories: page.items.map { MemoryView($0) }, nextCursor: page.next)))
        }
    }
}

/// `memory_delete`: removes one memory and its chunks.
public struct MemoryDeleteTool: Tool {
    public let name = "memory_delete"
    public let description = "Delete one memory by id."
    public let risk = RiskLevel.medium
    public let inputSchema = Schema.object(["id": Schema.string(minLength: 1, maxLength: 128)], required: ["id"])

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        try await withMemory(context) { memory, scope in
            let id = arguments["id"]?.stringValue ?? ""
            try await memory.delete(id, in: scope)
            return ToolOutput(["deleted": true, "id": .string(id)])
        }
    }
}
