import Foundation
import JSON

// Workspace calls can block in the kernel (a hung filesystem), so each runs on a
// thread of its own (`BlockingIO`): it never holds the cooperative pool, and the
// tool returns on its timeout or cancel even if the call never does.

/// `file_read`: reads a text file of the workspace.
public struct FileReadTool: Tool {
    public let name = "file_read"
    public let isReadOnly = true
    public let description = "Read a UTF-8 text file from the run's workspace."
    public let risk = RiskLevel.low
    public let inputSchema = Schema.object([
        "path": Schema.string(minLength: 1, maxLength: Workspace.maxPathBytes, description: "Path relative to the workspace."),
        "max_bytes": Schema.integer(minimum: 1, maximum: 10_485_760),
    ], required: ["path"])

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let path = arguments["path"]?.stringValue ?? ""
        let limit = arguments["max_bytes"]?.intValue.map(Int.init) ?? 120_000
        let workspace = context.workspace
        let (data, size) = try await BlockingIO.run { try workspace.read(path, limit: limit) }
        var out: [String: JSONValue] = ["path": .string(path), "content": .string(String(decoding: data, as: UTF8.self)), "size": .int(Int64(size))]
        if data.count < size { out["truncated"] = true }
        return ToolOutput(.object(out))
    }
}

/// `file_write`: writes or appends a text file of the workspace, creating
/// directories as needed. Reports the offset it wrote at.
public struct FileWriteTool: Tool {
    public let name = "file_write"
    public let description = "Write (or append to) a text file in the run's workspace."
    public let risk = RiskLevel.medium
    public let inputSchema = Schema.object([
        "path": Schema.string(minLength: 1, maxLength: Workspace.maxPathBytes, description: "Path relative to the workspace."),
        "content": Schema.string(),
        "append": Schema.boolean,
    ], required: ["path", "content"])

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let path = arguments["path"]?.stringValue ?? ""
        let data = Data((arguments["content"]?.stringValue ?? "").utf8)
        let workspace = context.workspace, append = arguments["append"]?.boolValue ?? false
        let offset = try await BlockingIO.run { try workspace.write(path, data, append: append) }
        return ToolOutput(["path": .string(path), "bytes_written": .int(Int64(data.count)), "offset": .int(Int64(offset))])
    }
}

/// `file_list`: lists a directory of the workspace.
public struct FileListTool: Tool {
    public let name = "file_list"
    public let isReadOnly = true
    public let description = "List files and directories in the run's workspace."
    public let risk = RiskLevel.low
    public let inputSchema = Schema.object([
        "path": Schema.string(maxLength: Workspace.maxPathBytes, description: "Directory relative to the workspace (default: its root)."),
    ])

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let path = arguments["path"]?.stringValue ?? "."
        let workspace = context.workspace
        let entries = try await BlockingIO.run { try workspace.list(path) }
        let items: [JSONValue] = entries.map { ["name": .string($0.name), "type": $0.isDirectory ? "directory" : "file", "size": .int(Int64($0.size))] }
        return ToolOutput(["path": .string(path), "entries": .array(items)])
    }
}
