import Foundation
import Memory
import JSON
import Store

/// How dangerous a tool is; the policy asks or blocks on the high end.
public enum RiskLevel: String, Sendable, Codable, Comparable {
    case low, medium, high

    public static func < (a: RiskLevel, b: RiskLevel) -> Bool {
        let order: [RiskLevel] = [.low, .medium, .high]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// Where a tool comes from, as `tools/list` reports it.
public enum ToolSource: Sendable, Equatable {
    case builtin
    case mcp(server: String)
    case skill(id: String)

    public var json: JSONValue {
        switch self {
        case .builtin: return ["kind": "builtin"]
        case .mcp(let server): return ["kind": "mcp", "server": .string(server)]
        case .skill(let id): return ["kind": "skill", "skill_id": .string(id)]
        }
    }
}

/// What a tool returns: structured content the model sees, and whether it is
/// an error (an error result is not a crash: the model reads it and goes on).
public struct ToolOutput: Sendable, Equatable {
    public var content: JSONValue
    public var isError: Bool

    public init(_ content: JSONValue, isError: Bool = false) {
        self.content = content
        self.isError = isError
    }

    public static func error(_ message: String) -> ToolOutput { ToolOutput(["error": .string(message)], isError: true) }

    /// Not a result yet: the call created (or found) these child runs and
    /// the run must wait for them (`waiting_children`), then call again.
    public var awaitedRuns: [String]?

    public static func awaiting(_ runIDs: [String]) -> ToolOutput {
        var output = ToolOutput(["awaiting": .array(runIDs.map(JSONValue.string))])
        output.awaitedRuns = runIDs
        return output
    }
}

/// Thrown out of a step when a call waits for child runs: the executor parks the run.
struct AwaitingChildren: Error {
    var callID: String
    var toolName: String
    var childRunIDs: [String]
}

/// What a tool call may know about the run it serves.
public struct ToolContext: Sendable {
    public var orgID: String
    public var userID: String
    public var projectID: String?
    public var runID: String
    public var callID: String
    public var workspace: Workspace
    /// The process's memory (nil when memory is off): memory tools act on it in the run's scope.
    public var memory: MemoryService?
    /// The run's role and group, which memory writes carry and searches honour.
    public var roleID: String?
    public var groupID: String?
    public var sessionKey: String?
    /// The editor's files, when the run's session is attached to one that
    /// offers them: `read_file` and `write_file` go through it.
    public var files: (any ClientFiles)?

    public init(orgID: String, userID: String, projectID: String?, runID: String, callID: String, workspace: Workspace,
                memory: MemoryService? = nil, roleID: String? = nil, groupID: String? = nil, sessionKey: String? = nil,
                files: (any ClientFiles)? = nil) {
        self.files = files
        self.orgID = orgID
        self.userID = userID
        self.projectID = projectID
        self.runID = runID
        self.callID = callID
        self.workspace = workspace
        self.memory = memory
        self.roleID = roleID
        self.groupID = groupID
        self.sessionKey = sessionKey
    }

    /// The run's scope (validated when the run was created).
    public var scope: Scope {
        get throws { try Scope(orgID: orgID, userID: userID, projectID: projectID) }
    }
}

/// A callable tool: name, description, JSON-Schema input, risk, and an async
/// call that honours cancellation: the executor's timeout waits for the call
/// to return, so a blocking system call goes through `BlockingIO`.
public protocol Tool: Sendable {
    var name: String { get }
    var description: String { get }
    var inputSchema: JSONValue { get }
    var risk: RiskLevel { get }
    var source: ToolSource { get }
    /// How long one call may take before the executor cancels it; tools that
    /// enforce their own limit (MCP servers' configured timeout) say so here.
    var timeout: Duration? { get }
    /// A call changes nothing outside the run (reads, searches, listings):
    /// it may run again after a crash (at least once). Any other call runs at
    /// most once: it is recorded as started before it runs, and one that
    /// started and has no recorded result when the run resumes is reported
    /// `tool.interrupted` instead of run again.
    var isReadOnly: Bool { get }
    /// A second call with the same call id finds what the first one made
    /// instead of doing it again (delegation finds its child runs): one that
    /// started and has no recorded result runs again when the run resumes,
    /// instead of being reported `tool.interrupted`.
    var isIdempotent: Bool { get }
    func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput
}

extension Tool {
    public var source: ToolSource { .builtin }
    /// nil: the executor's default tool timeout applies.
    public var timeout: Duration? { nil }
    /// Tools that change things are the safe default.
    public var isReadOnly: Bool { false }
    public var isIdempotent: Bool { false }
    public var spec: ToolSpec { ToolSpec(name: name, description: description, inputSchema: inputSchema) }
}

/// A failure a tool reports to the model as an error result.
public struct ToolFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
