import JSON
import Store

/// A new role as `roles/create` and `oi-host roles create` describe it, its
/// JSON fields as values (the store keeps them as text).
public struct RoleDraft: Sendable, Hashable {
    public var name: String
    public var description: String
    public var systemPrompt: String
    public var isLead: Bool
    /// Tool names or globs; empty means "no restriction".
    public var allowedTools: [String]
    public var deniedTools: [String]
    public var styleConstraints: JSONValue
    /// The role's agent block (provider, model, limits, script), or none.
    public var model: JSONValue?

    public init(name: String, description: String = "", systemPrompt: String = "", isLead: Bool = false, allowedTools: [String] = [],
                deniedTools: [String] = [], styleConstraints: JSONValue = [:], model: JSONValue? = nil) {
        self.name = name
        self.description = description
        self.systemPrompt = systemPrompt
        self.isLead = isLead
        self.allowedTools = allowedTools
        self.deniedTools = deniedTools
        self.styleConstraints = styleConstraints
        self.model = model
    }

    var record: NewRole {
        NewRole(name: name, description: description, systemPrompt: systemPrompt, isLead: isLead, allowedTools: TeamService.json(allowedTools),
                deniedTools: TeamService.json(deniedTools), styleConstraints: styleConstraints.description, model: model?.description)
    }
}

/// A partial change to a role: only the fields set change; `model` set to
/// `.some(nil)` clears it.
public struct RolePatch: Sendable, Hashable {
    public var name: String?
    public var description: String?
    public var systemPrompt: String?
    public var isLead: Bool?
    public var allowedTools: [String]?
    public var deniedTools: [String]?
    public var styleConstraints: JSONValue?
    public var model: JSONValue??

    public init(name: String? = nil, description: String? = nil, systemPrompt: String? = nil, isLead: Bool? = nil, allowedTools: [String]? = nil,
                deniedTools: [String]? = nil, styleConstraints: JSONValue? = nil, model: JSONValue?? = nil) {
        self.name = name
        self.description = description
        self.systemPrompt = systemPrompt
        self.isLead = isLead
        self.allowedTools = allowedTools
        self.deniedTools = deniedTools
        self.styleConstraints = styleConstraints
        self.model = model
    }

    var record: RoleChange {
        RoleChange(name: name, description: description, systemPrompt: systemPrompt, isLead: isLead, allowedTools: allowedTools.map(TeamService.json),
                   deniedTools: deniedTools.map(TeamService.json), styleConstraints: styleConstraints?.description, model: model.map { $0?.description })
    }
}
