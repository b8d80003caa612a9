import Foundation
import JSON
import Store

/// A skill as the skills methods, the CLI and the skill tools show it: a
/// stored one (with its org and project, and its times) or one found in a
/// skills folder (`id` `folder:<name>`, times and scope null).
public struct SkillView: Encodable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var instructions: String
    public var tools: [SkillToolRef]
    public var riskLevel: String
    public var provider: String
    /// `api` for a stored skill, `folder:<path of its file>` for a found one.
    public var source: String
    /// Nothing checks skills' health yet.
    public var healthStatus = "unknown"
    public var createdAt: String?
    public var updatedAt: String?
    public var scope: ScopeView?

    /// The (org, project) a stored skill belongs to.
    public struct ScopeView: Encodable, Sendable, Equatable {
        public var orgID: String
        public var projectID: String?

        public init(orgID: String, projectID: String? = nil) {
            self.orgID = orgID
            self.projectID = projectID
        }

        enum CodingKeys: String, CodingKey { case orgID = "org_id", projectID = "project_id" }
    }

    /// A skill as written out field by field (examples, tests).
    public init(id: String, name: String, description: String = "", instructions: String = "", tools: [SkillToolRef] = [],
                riskLevel: String = "low", provider: String = "builtin", source: String, createdAt: String? = nil, updatedAt: String? = nil,
                scope: ScopeView? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.instructions = instructions
        self.tools = tools
        self.riskLevel = riskLevel
        self.provider = provider
        self.source = source
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.scope = scope
    }

    /// A stored skill; tools that no longer read as tool references show as none.
    public init(_ skill: Skill) {
        self.init(id: skill.id, name: skill.name, description: skill.description, instructions: skill.instructions,
                  tools: (try? JSONDecoder().decode([SkillToolRef].self, from: Data(skill.tools.utf8))) ?? [],
                  riskLevel: skill.riskLevel, provider: skill.provider, source: skill.source ?? "api",
                  createdAt: ISO8601.format(skill.createdAt), updatedAt: ISO8601.format(skill.updatedAt),
                  scope: ScopeView(orgID: skill.orgID, projectID: skill.projectID))
    }

    /// A skill found in a skills folder.
    public init(_ file: SkillFile) {
        self.init(id: "folder:\(file.name)", name: file.name, description: file.description, instructions: file.instructions,
                  tools: file.tools.map(SkillToolRef.name), riskLevel: file.riskLevel, provider: "builtin", source: "folder:\(file.path)")
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, instructions, tools, provider, source, scope
        case riskLevel = "risk_level", healthStatus = "health_status", createdAt = "created_at", updatedAt = "updated_at"
    }

    // Times and scope are always there, null for a skill from a folder.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(instructions, forKey: .instructions)
        try c.encode(tools, forKey: .tools)
        try c.encode(riskLevel, forKey: .riskLevel)
        try c.encode(provider, forKey: .provider)
        try c.encode(source, forKey: .source)
        try c.encode(healthStatus, forKey: .healthStatus)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(scope, forKey: .scope)
    }
}

/// A tool a skill may use: its name, or a name with a description and JSON
/// Schema parameters (a tool the skill declares rather than names).
public enum SkillToolRef: Codable, Sendable, Equatable {
    case name(String)
    case declared(name: String, description: String?, parameters: JSONValue?)

    public var name: String {
        switch self {
        case .name(let name), .declared(let name, _, _): return name
        }
    }

    enum CodingKeys: String, CodingKey { case name, description, parameters }

    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            self = .name(name)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self = .declared(name: try c.decode(String.self, forKey: .name), description: try c.decodeIfPresent(String.self, forKey: .description),
                         parameters: try c.decodeIfPresent(JSONValue.self, forKey: .parameters))
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .name(let name):
            var c = encoder.singleValueContainer()
            try c.encode(name)
        case .declared(let name, let description, let parameters):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encodeIfPresent(description, forKey: .description)
            try c.encodeIfPresent(parameters, forKey: .parameters)
        }
    }
}
