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

    /// Stored skills by name, then the folders' skills whose names are not taken.
    public func list(in scope: Scope) async throws -> [SkillView] {
        let stored = try await database.skills.list(in: scope)
        let names = Set(stored.map(\.name))
        return stored.map(SkillView.init) + folders.filter { !names.contains($0.name) }.map(SkillView.init)
    }

    /// By id or name; nil when unknown in this scope.
    public func get(_ idOrName: String, in scope: Scope) async throws -> SkillView? {
        if let stored = try await database.skills.get(idOrName, in: scope) { return SkillView(stored) }
        return folders.first { $0.name == idOrName || "folder:\($0.name)" == idOrName }.map(SkillView.init)
    }

    /// Stores a skill for the scope's (org, project); a name already stored there is a conflict.
    public func create(name: String, description: String = "", instructions: String = "", tools: [SkillToolRef] = [],
                       riskLevel: String = "low", provider: String = "builtin", in scope: Scope) async throws -> SkillView {
        let toolsText = String(decoding: try JSONValueCoding.encodeData(tools), as: UTF8.self)
        let skill = try await database.skills.create(
            NewSkill(name: name, description: description, instructions: instructions, tools: toolsText, riskLevel: riskLevel,
                     provider: provider, source: "api"), in: scope)
        return SkillView(skill)
    }

    /// Changes the fields given of a stored skill (by id or name); a new name
    /// already stored in the scope is a conflict. A folder's skill is changed
    /// in its SKILL.md, never here (invalid state); an unknown one is not found.
    public func update(_ idOrName: String, name: String? = nil, description: String? = nil, instructions: String? = nil,
                       tools: [SkillToolRef]? = nil, riskLevel: String? = nil, provider: String? = nil, in scope: Scope) async throws -> SkillView {
        guard let stored = try await database.skills.get(idOrName, in: scope) else {
            if let file = folders.first(where: { $0.name == idOrName || "folder:\($0.name)" == idOrName }) {
                throw RuntimeError(.invalidState, "skill \(file.name) comes from \(file.path); change that file instead", path: "params.skill_id")
            }
            throw RuntimeError(.notFound, "skill not found: \(idOrName)", path: "params.skill_id")
        }
        let toolsText = try tools.map { String(decoding: try JSONValueCoding.encodeData($0), as: UTF8.self) }
        let change = SkillChange(name: name, description: description, instructions: instructions, tools: toolsText, riskLevel: riskLevel,
                                 provider: provider)
        guard let skill = try await database.skills.update(stored.id, in: scope, change) else {
            throw RuntimeError(.notFound, "skill not found: \(idOrName)", path: "params.skill_id")
        }
        return SkillView(skill)
    }

    /// Deletes a stored skill by id; false when there is none in this scope
    /// (a folder's skill is never deleted).
    public func delete(_ id: String, in scope: Scope) async throws -> Bool {
        try await database.skills.delete(id, in: scope)
    }

    /// Instructions and tool names of the skills a run loads, in order; unknown names are an error.
    public func load(_ names: [String], in scope: Scope) async throws -> [(name: String, instructions: String, tools: [String])] {
        var loaded: [(String, String, [String])] = []
        for name in names {
            guard let skill = try await get(name, in: scope) else {
                throw RuntimeError(.notFound, "skill not found: \(name)", path: "params.agent.skills")
            }
            loaded.append((skill.name, skill.instructions, skill.tools.map(\.name)))
        }
        return loaded
    }
}
