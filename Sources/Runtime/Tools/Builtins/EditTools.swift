import Foundation
import JSON

/// `replace_in_file`: an exact-match edit — `search_block` must occur exactly
/// once in the file (zero or several matches change nothing and say so).
public struct ReplaceInFileTool: Tool {
    public let name = "replace_in_file"
    public let description = "Replace the one exact occurrence of search_block in a workspace file with replace_block; fails when search_block is missing or not unique."
    public let risk = RiskLevel.medium
    public let inputSchema = Schema.object([
        "path": Schema.string(minLength: 1, maxLength: Workspace.maxPathBytes, description: "Path relative to the workspace."),
        "search_block": Schema.string(minLength: 1, description: "The exact text to find (include enough context to be unique)."),
        "replace_block": Schema.string(description: "The text to put in its place."),
    ], required: ["path", "search_block", "replace_block"])

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let path = arguments["path"]?.stringValue ?? ""
        let search = arguments["search_block"]?.stringValue ?? "", replacement = arguments["replace_block"]?.stringValue ?? ""
        let workspace = context.workspace
        try workspace.rules.admitCall(name)
        try workspace.rules.admitPath(path)
        let size = try await BlockingIO.run { try workspace.replace(path, search: search, with: replacement) }
        return ToolOutput(["path": .string(path), "replacements": 1, "bytes_written": .int(Int64(size))])
    }
}

/// `move_file`: moves or renames a file or directory inside the workspace.
public struct MoveFileTool: Tool {
    public let name = "move_file"
    public let description = "Move or rename a file or directory inside the run's workspace; the destination must not exist."
    public let risk = RiskLevel.medium
    public let inputSchema = Schema.object([
        "source": Schema.string(minLength: 1, maxLength: Workspace.maxPathBytes, description: "Path relative to the workspace."),
        "destination": Schema.string(minLength: 1, maxLength: Workspace.maxPathBytes, description: "New path relative to the workspace."),
    ], required: ["source", "destination"])

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let source = arguments["source"]?.stringValue ?? "", destination = arguments["destination"]?.stringValue ?? ""
        let workspace = context.workspace
        try workspace.rules.admitCall(name)
        try workspace.rules.admitPath(source)
        try workspace.rules.admitPath(destination)
        try await BlockingIO.run { try workspace.move(source, to: destination) }
        return ToolOutput(["source": .string(source), "destination": .string(destination), "moved": true])
    }
}

/// `delete_file`: deletes a file (or an empty directory) of the workspace.
public struct DeleteFileTool: Tool {
    public let name = "delete_file"
    public let description = "Delete a file (or an empty directory) in the run's workspace."
    public let risk = RiskLevel.medium
    public let inputSchema = Schema.object([
        "path": Schema.string(minLength: 1, maxLength: Workspace.maxPathBytes, description: "Path relative to the workspace."),
    ], required: ["path"])

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let path = arguments["path"]?.stringValue ?? ""
        let workspace = context.workspace
        try workspace.rules.admitCall(name)
        try workspace.rules.admitPath(path)
        try await BlockingIO.run { try workspace.delete(path) }
        return ToolOutput(["path": .string(path), "deleted": true])
    }
}
