import Foundation
import JSON
import Store

/// A group as the groups methods and `oi-host groups list --format json`
/// show it: the seed's fields plus the scope it is shared in. Every field is
/// always present (`project_id` null without a project).
public struct GroupView: Encodable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var projectID: String?
    public var config: JSONValue
    public var createdAt: String
    public var updatedAt: String
    public var scope: SharedScopeView

    public init(_ group: Group) {
        id = group.id
        name = group.name
        description = group.description
        projectID = group.projectID
        config = (try? JSONParser.parse(group.config)) ?? [:]
        createdAt = ISO8601.format(group.createdAt)
        updatedAt = ISO8601.format(group.updatedAt)
        scope = SharedScopeView(orgID: group.orgID, projectID: group.projectID)
    }

    /// A group as written out field by field (examples, tests).
    public init(id: String, name: String, description: String = "", projectID: String? = nil, config: JSONValue = [:],
                createdAt: String, updatedAt: String, scope: SharedScopeView) {
        self.id = id
        self.name = name
        self.description = description
        self.projectID = projectID
        self.config = config
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.scope = scope
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, config, scope
        case projectID = "project_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(projectID, forKey: .projectID)
        try c.encode(config, forKey: .config)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(scope, forKey: .scope)
    }
}
