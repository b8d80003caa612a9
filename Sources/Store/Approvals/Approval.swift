import Foundation

/// A tool call waiting for (or given) a human decision. Durable: it survives
/// restarts, unlike the original product's in-memory approvals.
public struct Approval: Sendable, Hashable {
    public var id: String
    public var runID: String
    public var scope: Scope
    public var callID: String
    public var toolName: String
    /// JSON text.
    public var args: String
    public var status: ApprovalStatus
    public var decision: ApprovalDecision?
    public var reason: String?
    public var createdAt: Date
    public var decidedAt: Date?
}

/// Where an approval stands: waiting, or decided one way.
public enum ApprovalStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, allowed, denied
}

/// The answers of `runs/approve`.
public enum ApprovalDecision: String, Sendable, Hashable, Codable, CaseIterable {
    case allowOnce = "allow_once"
    case allowAlways = "allow_always"
    case deny

    var resultingStatus: ApprovalStatus { self == .deny ? .denied : .allowed }
}

/// An approval request to record.
public struct NewApproval: Sendable, Hashable {
    public var callID: String
    public var toolName: String
    /// JSON text.
    public var args: String

    public init(callID: String, toolName: String, args: String = "{}") {
        self.callID = callID
        self.toolName = toolName
        self.args = args
    }
}

/// A standing decision on one tool in one scope: "allow always", or an
/// editor's "reject always".
public struct ToolGrant: Sendable, Hashable {
    public enum Decision: String, Sendable, Hashable, Codable { case allow, block }

    public var scope: Scope
    public var toolName: String
    public var createdAt: Date
    public var decision: Decision = .allow
}
