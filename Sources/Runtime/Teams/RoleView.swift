import Foundation
import JSON
import Store

/// A role as the roles methods and `oi-host roles list --format json` show
/// it: the seed's fields, its JSON fields as values, plus the scope it is
/// shared in. Every field is always present (`model` null when unset).
public struct RoleView: Encodable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var systemPrompt: String
    public var isLead: Bool
    public var allowedTools: [String]
    public var deniedTools: [String]
    public var styleConstraints: JSONValue
    public var model: JSONValue?
    public var createdAt: String
    public var updatedAt: String
    public var scope: SharedScopeView

    public init(_ role: Role) {
        id = role.id
        name = role.name
        description = role.description
        systemPrompt = role.systemPrompt
        isLead = role.isLead
        allowedTools = TeamService.names(role.allowedTools)
        deniedTools = TeamService.names(role.deniedTools)
        styleConstraints = (try? JSONParser.parse(role.styleConstraints)) ?? [:]
        model = role.model.flatMap { try? JSONParser.parse($0) }
        createdAt = ISO8601.format(role.createdAt)
        updatedAt = ISO8601.format(role.updatedAt)
        scope = SharedScopeView(orgID: role.orgID, projectID: role.projectID)
    }

    /// A role as written out field by field (examples, tests).
    public init(id: String, name: String, description: String = "", systemPrompt: String, isLead: Bool = false, allowedTools: [String] = [],
                deniedTools: [String] = [], styleConstraints: JSONValue = [:], model: JSONValue? = nil, createdAt: String, updatedAt: String,
                scope: SharedScopeView) {
        self.id = id
        self.name = name
        self.description = description
        self.systemPrompt = systemPrompt
        self.isLead = isLead
        self.allowedTools = allowedTools
        self.deniedTools = deniedTools
        self.styleConstraints = styleConstraints
        self.model = model
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.scope = scope
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, model, scope
        case systemPrompt = "system_prompt", isLead = "is_lead", allowedTools = "allowed_tools", deniedTools = "denied_tools"
        case styleConstraints = "style_constraints", createdAt = "created_at", updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(systemPrompt, forKey: .systemPrompt)
        try c.encode(isLead, forKey: .isLead)
        try c.encode(allowedTools, forKey: .allowedTools)
        try c.encode(deniedTools, forKey: .deniedTools)
        try c.encode(styleConstraints, forKey: .styleConstraints)
        try c.encode(model, forKey: .model)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(scope, forKey: .scope)
    }
}

/// The (org, project) a role or group is shared in, on the wire:
/// `project_id` only when there is one (no `user_id`: it is no one's own).
public struct SharedScopeView: Encodable, Sendable, Equatable {
    public var orgID: String
    public var projectID: String?

    public init(orgID: String, projectID: String? = nil) {
        self.orgID = orgID
        self.projectID = projectID
    }

    enum CodingKeys: String, CodingKey { case orgID = "org_id", projectID = "project_id" }
}
