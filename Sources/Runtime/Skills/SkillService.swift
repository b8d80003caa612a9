import Foundation
import JSON
import Store

/// Skills a scope can use: the ones stored for its (org, project) and the
/// ones discovered in the skills folders (shared by every scope; stored
/// skills win on a name clash).
public struct SkillService: Sendable {
    let database: Database
    let folders: [SkillFile]

    public init(database: Database, directories: [String]) {
        self.database = database
        var seen: Set<String> = []
        folders = directories.flatMap(SkillFile.discover(in:)).filter { seen.insert($0.name).inserted }
    }

    public func list(in scope: Scope) async throws -> [JSONValue] {
        let stored = try await database.skills.list(in: scope)
        let names = Set(stored.map(\.name))
        return stored.map(Self.json) + folders.filter { !names.contains($0.name) }.map(Self.json)
    }

    /// By id or name; nil when unknown in this scope.
    public func get(_ idOrName: String, in scope: Scope) async throws -> JSONValue? {
        if let stored = try await database.skills.get(idOrName, in: scope) { return Self.json(stored) }
        return folders.first { $0.name == idOrName || "folder:\($0.name)" == idOrName }.map(Self.json)
    }

    /// Instructions and tool names of the skills a run loads, in order; unknown names are an error.
    public func load(_ names: [String], in scope: Scope) async throws -> [(name: String, instructions: String, tools: [String])] {
        var loaded: [(String, String, [String])] = []
        for name in names {
            guard let skill = try await get(name, in: scope) else {
                throw RuntimeError(.notFound, "skill not found: \(name)", path: "params.agent.skills")
            }
            loaded.append((skill["name"]?.stringValue ?? name, skill["instructions"]?.stringValue ?? "",
                           skill["tools"]?.arrayValue?.compactMap { $0.stringValue ?? $0["name"]?.stringValue } ?? []))
        }
        return loaded
    }

    static func json(_ s: Skill) -> JSONValue {
        var scope: [String: JSONValue] = ["org_id": .string(s.orgID)]
        if let p = s.projectID { scope["project_id"] = .string(p) }
        return ["id": .string(s.id), "name": .string(s.name), "description": .string(s.description), "instructions": .string(s.instructions),
                "tools": (try? JSONParser.parse(s.tools)) ?? [], "risk_level": .string(s.riskLevel), "provider": .string(s.provider),
                "source": .string(s.source ?? "api"), "health_status": "unknown",
                "created_at": .string(ISO8601.format(s.createdAt)), "updated_at": .string(ISO8601.format(s.updatedAt)), "scope": .object(scope)]
    }

    static func json(_ f: SkillFile) -> JSONValue {
        ["id": .string("folder:\(f.name)"), "name": .string(f.name), "description": .string(f.description), "instructions": .string(f.instructions),
         "tools": .array(f.tools.map(JSONValue.string)), "risk_level": .string(f.riskLevel), "provider": "builtin",
         "source": .string("folder:\(f.path)"), "health_status": "unknown", "created_at": .null, "updated_at": .null, "scope": .null]
    }
}
