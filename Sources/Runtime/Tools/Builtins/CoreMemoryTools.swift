import Foundation
import Memory
import JSON

/// `core_memory_append`: adds a line to a core block (always in the prompt),
/// creating the block if needed; refused past the block's character limit.
public struct CoreMemoryAppendTool: Tool {
    public let name = "core_memory_append"
    public let description = "Append a line to a core memory block (e.g. human, persona, task), which is shown in every prompt. Blocks hold at most 2000 characters."
    public let risk = RiskLevel.medium
    public let inputSchema = Schema.object([
        "label": Schema.string(minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.-]+$"),
        "content": Schema.string(minLength: 1, maxLength: 8000),
    ], required: ["label", "content"])

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        try await withMemory(context) { memory, scope in
            let block = try await memory.core.append(arguments["label"]?.stringValue ?? "", content: arguments["content"]?.stringValue ?? "",
                                                     roleID: context.roleID, in: scope)
            return ToolOutput(try JSONValueCoding.encode(CoreBlockView(block)))
        }
    }
}

/// `core_memory_replace`: replaces text in a core block.
public struct CoreMemoryReplaceTool: Tool {
    public let name = "core_memory_replace"
    public let description = "Replace text in a core memory block: every occurrence of old becomes new (new may be empty to delete)."
    public let risk = RiskLevel.medium
    public let inputSchema = Schema.object([
        "label": Schema.string(minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.-]+$"),
        "old": Schema.string(minLength: 1, maxLength: 8000),
        "new": Schema.string(maxLength: 8000),
    ], required: ["label", "old", "new"])

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        try await withMemory(context) { memory, scope in
            let block = try await memory.core.replace(arguments["label"]?.stringValue ?? "", old: arguments["old"]?.stringValue ?? "",
                                                      new: arguments["new"]?.stringValue ?? "", roleID: context.roleID, in: scope)
            return ToolOutput(try JSONValueCoding.encode(CoreBlockView(block)))
        }
    }
}
