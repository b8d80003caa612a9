import Foundation

/// A role a team member plays: its prompt, its tool lists and its model,
/// shared within (org, project). JSON fields are JSON text.
public struct Role: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var projectID: String?
    public var name: String
    public var description: String
    public var systemPrompt: String
    public var isLead: Bool
    /// JSON array of tool names or globs; empty means "no restriction".
    public var allowedTools: String
    /// JSON array of tool names or globs.
    public var deniedTools: String
    /// JSON object.
    public var styleConstraints: String
    /// JSON object (provider, model, temperature, max_tokens, max_steps, script) or nil.
    public var model: String?
    public var createdAt: Date
    public var updatedAt: Date
}

/// What `RoleRepository.create` needs.
public struct NewRole: Sendable, Hashable {
    public var name: String
    public var description: String
    public var systemPrompt: String
    public var isLead: Bool
    public var allowedTools: String
    public var deniedTools: String
    public var styleConstraints: String
    public var model: String?

    public init(name: String, description: String = "", systemPrompt: String = "", isLead: Bool = false,
                allowedTools: String = "[]", deniedTools: String = "[]", styleConstraints: String = "{}", model: String? = nil) {
        self.name = name
        self.description = description
        self.systemPrompt = systemPrompt
        self.isLead = isLead
        self.allowedTools = allowedTools
        self.deniedTools = deniedTools
        self.styleConstraints = styleConstraints
        self.model = model
    }
}

/// A partial change to a role: only the fields set are written. `model`
/// set to `.some(nil)` clears it.
public struct RoleChange: Sendable, Hashable {
    public var name: String?
    public var description: String?
    public var systemPrompt: String?
    public var isLead: Bool?
    public var allowedTools: String?
    public var deniedTools: String?
    public var styleConstraints: String?
    public var model: String??

    public init(name: String? = nil, description: String? = nil, systemPrompt: String? = nil, isLead: Bool? = nil,
                allowedTools: String? = nil, deniedTools: String? = nil, styleConstraints: String? = nil, model: String?? = nil) {
        self.name = name
        self.description = description
        self.systemPrompt = systemPrompt
        self.isLead = isLead
        self.allowedTools = allowedTools
        self.deniedTools = deniedTools
        self.styleConstraints = styleConstraints
        self.model = model
    }
}

/// What a batch delete did: everything, or nothing because some ids do not
/// exist in the caller's scope (named in `missing`), or nothing because some
/// are still in use (`inUse`, when not forced).
public enum BatchDeletion: Sendable, Hashable {
    case deleted(Int)
    case missing([String])
    case inUse([String])
}

/// A role's figures over a period, computed in SQL over the runs of one
/// private scope that played it.
public struct RoleStats: Sendable, Hashable {
    public var runs: Int
    public var completed: Int
    public var failed: Int
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var toolCalls: Int
    /// The groups (of the role's org and project) it is a member of.
    public var groups: [GroupRef]
}

/// A group named by id and name.
public struct GroupRef: Sendable, Hashable {
    public var id: String
    public var name: String
}
