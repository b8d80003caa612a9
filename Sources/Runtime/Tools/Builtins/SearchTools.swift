import Foundation
import JSON

/// `glob_files`: workspace paths matching a glob (`**` any depth, `*`, `?`, `{a,b}`).
public struct GlobFilesTool: Tool {
    public let name = "glob_files"
    public let isReadOnly = true
    public let description = "Find files in the run's workspace whose path matches a glob such as **/*.swift or src/{a,b}/*.md."
    public let risk = RiskLevel.low
    public let inputSchema = Schema.object([
        "pattern": Schema.string(minLength: 1, maxLength: 1024, description: "Glob, relative to cwd: ** any depth, * and ? within a name, {a,b} alternatives."),
        "cwd": Schema.string(maxLength: Workspace.maxPathBytes, description: "Directory to search from (default: the workspace root)."),
        "path": Schema.string(maxLength: Workspace.maxPathBytes, description: "Same as cwd."),
    ], required: ["pattern"])

    static let maxMatches = 500

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let pattern = arguments["pattern"]?.stringValue ?? ""
        let base = arguments["cwd"]?.stringValue ?? arguments["path"]?.stringValue ?? "."
        let workspace = context.workspace
        try workspace.rules.admitCall(name)
        let glob = PathGlob(pattern)
        let prefix = (try workspace.components(base)).joined(separator: "/")
        let (matches, total, cut) = try await BlockingIO.run { () throws -> ([String], Int, Bool) in
            var matches: [String] = [], total = 0
            let cut = try workspace.walk(base) { entry in
                guard !entry.isDirectory, workspace.rules.shows(entry.path) else { return true }
                let relative = prefix.isEmpty ? entry.path : String(entry.path.dropFirst(prefix.count + 1))
                if glob.matches(relative) {
                    total += 1
                    if matches.count < Self.maxMatches { matches.append(relative) }
                }
                return true
            }
            return (matches, total, cut)
        }
        var out: [String: JSONValue] = ["pattern": .string(pattern), "matches": .array(matches.map(JSONValue.string)), "total": .int(Int64(total))]
        if total > matches.count || cut { out["truncated"] = true }
        return ToolOutput(.object(out))
    }
}

/// `grep_files`: lines of workspace files matching a regular expression,
/// with their line numbers. Bounded: files larger than `maxFileBytes` or not
/// text are skipped, lines are cut to `maxLineCharacters`, at most
/// `max_results` matches come back.
public struct GrepFilesTool: Tool {
    public let name = "grep_files"
    public let isReadOnly = true
    public let description = "Search workspace files for a regular expression; returns matching lines with their paths and line numbers."
    public let risk = RiskLevel.low
    public let inputSchema = Schema.object([
        "pattern": Schema.string(minLength: 1, maxLength: 4096, description: "Regular expression (extended syntax)."),
        "path": Schema.string(maxLength: Workspace.maxPathBytes, description: "File or directory to search (default: the workspace root)."),
        "include": Schema.string(maxLength: 1024, description: "Only files whose path matches this glob (e.g. **/*.py or *.md)."),
        "max_results": Schema.integer(minimum: 1, maximum: 1000),
        "case_insensitive": Schema.boolean,
    ], required: ["pattern"])

    static let maxFileBytes = 2 << 20
    static let maxLineCharacters = 400
    static let maxScannedBytes = 64 << 20

    public init() {}

    public struct Match: Sendable {
        var path: String
        var line: Int
        var text: String
    }

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let pattern = arguments["pattern"]?.stringValue ?? ""
        let base = arguments["path"]?.stringValue ?? "."
        let limit = arguments["max_results"]?.intValue.map(Int.init) ?? 50
        let include = arguments["include"]?.stringValue.map(PathGlob.init)
        let options: NSRegularExpression.Options = arguments["case_insensitive"]?.boolValue == true ? [.caseInsensitive] : []
        let regex: NSRegularExpression
        do { regex = try NSRegularExpression(pattern: pattern, options: options) } catch {
            throw ToolFailure("invalid regular expression: \(pattern)")
        }
        let workspace = context.workspace
        try workspace.rules.admitCall(name)
        let (matches, total, skipped) = try await BlockingIO.run { () throws -> ([Match], Int, Int) in
            var files: [String] = []
            try workspace.walk(base) { entry in
                if !entry.isDirectory && workspace.rules.shows(entry.path) && (include.map { $0.matches(entry.path) || $0.matches(Self.name(entry.path)) } ?? true) {
                    files.append(entry.path)
                }
                return true
            }
            var matches: [Match] = [], total = 0, skipped = 0, scanned = 0
            for file in files {
                guard scanned < Self.maxScannedBytes, let (data, size) = try? workspace.read(file, limit: Self.maxFileBytes) else { skipped += 1; continue }
                scanned += data.count
                guard data.count == size, !data.contains(0), let text = String(data: data, encoding: .utf8) else { skipped += 1; continue }
                for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let line = String(line)
                    guard regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil else { continue }
                    total += 1
                    if matches.count < limit {
                        let shown = line.count > Self.maxLineCharacters ? String(line.prefix(Self.maxLineCharacters)) + "…" : line
                        matches.append(Match(path: file, line: index + 1, text: shown))
                    }
                }
            }
            return (matches, total, skipped)
        }
        var out: [String: JSONValue] = [
            "pattern": .string(pattern),
            "matches": .array(matches.map { ["path": .string($0.path), "line": .int(Int64($0.line)), "text": .string($0.text)] }),
            "total": .int(Int64(total)),
        ]
        if total > matches.count { out["truncated"] = true }
        if skipped > 0 { out["skipped_files"] = .int(Int64(skipped)) }
        return ToolOutput(.object(out))
    }

    static func name(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }
}

/// A path glob: `**` matches any number of path components, `*` and `?`
/// match within one, `{a,b}` gives alternatives.
struct PathGlob: Sendable {
    let alternatives: [[String]]

    init(_ pattern: String) {
        alternatives = Self.expand(pattern).map { $0.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." } }
    }

    func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        return alternatives.contains { Self.match($0[...], parts[...]) }
    }

    private static func match(_ pattern: ArraySlice<String>, _ parts: ArraySlice<String>) -> Bool {
        guard let head = pattern.first else { return parts.isEmpty }
        if head == "**" {
            let rest = pattern.dropFirst()
            for skip in 0...parts.count where match(rest, parts.dropFirst(skip)) { return true }
            return false
        }
        guard let part = parts.first, Glob.matches(head, part) else { return false }
        return match(pattern.dropFirst(), parts.dropFirst())
    }

    /// `a{b,c}d` → `abd`, `acd` (nested braces too).
    static func expand(_ pattern: String) -> [String] {
        guard let open = pattern.firstIndex(of: "{") else { return [pattern] }
        var depth = 0
        var close: String.Index?
        var commas: [String.Index] = []
        var i = open
        while i < pattern.endIndex {
            switch pattern[i] {
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { close = i }
            case "," where depth == 1: commas.append(i)
            default: break
            }
            if close != nil { break }
            i = pattern.index(after: i)
        }
        guard let close else { return [pattern] }
        let head = String(pattern[..<open]), tail = String(pattern[pattern.index(after: close)...])
        var pieces: [String] = []
        var start = pattern.index(after: open)
        for comma in commas + [close] {
            pieces.append(String(pattern[start..<comma]))
            start = pattern.index(after: comma)
        }
        return pieces.flatMap { expand(head + $0 + tail) }
    }
}
