import Foundation
import JSON

// Workspace calls can block in the kernel (a hung filesystem), so each runs on a
// thread of its own (`BlockingIO`): it never holds the cooperative pool, and the
// tool returns on its timeout or cancel even if the call never does. Every call
// counts against `sandbox.rateLimit` and is refused for a file type the
// `sandbox.fileType*` lists exclude.

/// `read_file` (alias `file_read`): reads a text file of the workspace, or
/// some of its lines.
public struct ReadFileTool: Tool {
    public let name = "read_file"
    public let isReadOnly = true
    public let description = "Read a UTF-8 text file from the run's workspace; start_line/end_line (1-based, inclusive) read only those lines."
    public let risk = RiskLevel.low
    public let inputSchema = Schema.object([
        "path": Schema.string(minLength: 1, maxLength: Workspace.maxPathBytes, description: "Path relative to the workspace."),
        "start_line": Schema.integer(minimum: 1, description: "First line to read (1-based)."),
        "end_line": Schema.integer(minimum: 1, description: "Last line to read (inclusive)."),
        "max_bytes": Schema.integer(minimum: 1, maximum: 10_485_760),
    ], required: ["path"])

    /// Content beyond this many bytes is cut (and marked `truncated`) unless `max_bytes` says otherwise.
    static let defaultMaxBytes = 120_000

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let path = arguments["path"]?.stringValue ?? ""
        let limit = arguments["max_bytes"]?.intValue.map(Int.init) ?? Self.defaultMaxBytes
        let start = arguments["start_line"]?.intValue.map(Int.init), end = arguments["end_line"]?.intValue.map(Int.init)
        let workspace = context.workspace
        try workspace.rules.admitCall(name)
        try workspace.rules.admitPath(path)
        if let start, let end, end < start { throw ToolFailure("end_line (\(end)) is before start_line (\(start))") }
        let ranged = start != nil || end != nil
        let (data, size) = try await Self.read(path, limit: ranged ? nil : limit, context: context)
        var out: [String: JSONValue] = ["path": .string(path), "size": .int(Int64(size))]
        guard ranged else {
            out["content"] = .string(String(decoding: data, as: UTF8.self))
            if data.count < size { out["truncated"] = true }
            return ToolOutput(.object(out))
        }
        let lines = Self.lines(String(decoding: data, as: UTF8.self))
        let first = start ?? 1, last = min(end ?? lines.count, lines.count)
        guard first <= max(lines.count, 1) else { throw ToolFailure("start_line \(first) is past the end of \(path) (\(lines.count) lines)") }
        var text = first <= last ? lines[(first - 1)..<last].joined() : ""
        if text.utf8.count > limit {
            text = String(decoding: Array(text.utf8.prefix(limit)), as: UTF8.self)
            out["truncated"] = true
        }
        if data.count < size { out["truncated"] = true }
        out["content"] = .string(text)
        out["start_line"] = .int(Int64(first))
        out["end_line"] = .int(Int64(max(first - 1, last)))
        out["total_lines"] = .int(Int64(lines.count))
        return ToolOutput(.object(out))
    }

    /// The file's bytes (at most `limit`) and its whole size: from the
    /// editor when the run's session has one (its buffer, saved or not),
    /// else from disk.
    static func read(_ path: String, limit: Int?, context: ToolContext) async throws -> (Data, Int) {
        let workspace = context.workspace
        guard let files = context.files, files.canRead else {
            return try await BlockingIO.run { try workspace.read(path, limit: limit) }
        }
        let absolute = try await BlockingIO.run { try workspace.clientPath(path, creating: false) }
        let text = Data(try await files.readText(path: absolute).utf8)
        let cap = min(limit ?? workspace.maxFileBytes, workspace.maxFileBytes)
        return (text.count > cap ? text.prefix(cap) : text, text.count)
    }

    /// Lines with their line breaks kept (the last may have none).
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" || character == "\r\n" {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

/// `write_file` (alias `file_write`): writes or appends a text file of the
/// workspace, creating directories as needed. Reports the offset it wrote at.
public struct WriteFileTool: Tool {
    public let name = "write_file"
    public let description = "Write (or append to) a text file in the run's workspace, creating directories as needed."
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
        try workspace.rules.admitCall(name)
        try workspace.rules.admitPath(path)
        let offset: Int
        if let files = context.files, files.canWrite, !append || files.canRead {
            // Through the editor: its buffer changes (and it shows the edit); the path is checked here first.
            let absolute = try await BlockingIO.run { try workspace.clientPath(path, creating: true) }
            var content = arguments["content"]?.stringValue ?? ""
            var before = 0
            if append, let existing = try? await files.readText(path: absolute) {
                before = existing.utf8.count
                content = existing + content
            }
            let limit = min(workspace.maxFileBytes, workspace.rules.settings.maxWriteSize)
            if content.utf8.count > limit { throw ToolFailure("file would exceed \(limit) bytes") }
            try await files.writeText(path: absolute, content: content)
            offset = before
        } else {
            offset = try await BlockingIO.run { try workspace.write(path, data, append: append) }
        }
        return ToolOutput(["path": .string(path), "bytes_written": .int(Int64(data.count)), "offset": .int(Int64(offset))])
    }
}

/// `list_files` (alias `file_list`): lists a directory of the workspace.
public struct ListFilesTool: Tool {
    public let name = "list_files"
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
        try workspace.rules.admitCall(name)
        let entries = try await BlockingIO.run { try workspace.list(path) }
        let items: [JSONValue] = entries.filter { $0.isDirectory || workspace.rules.shows($0.name) }.map {
            ["name": .string($0.name), "type": $0.isDirectory ? "directory" : "file", "size": .int(Int64($0.size))]
        }
        return ToolOutput(["path": .string(path), "entries": .array(items)])
    }
}
