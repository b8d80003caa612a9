import RPC
import Runtime
import Store

/// The skills methods' handlers.
enum SkillsHandlers {
    static func register(_ table: inout MethodTable, _ host: HostContext) {
        table.register(SkillsCreate.self) { p, _ in
            try PayloadLimits.check(p.instructions, limit: host.limits.skillBytes, path: "params.instructions")
            let engine = try await host.runtime()
            let scope = try await host.scope(p.scope)
            let skill = try await engine.database.skills.create(
                NewSkill(name: p.name, description: p.description ?? "", instructions: p.instructions ?? "", tools: (p.tools ?? []).description,
                         riskLevel: p.riskLevel ?? "low", provider: p.provider ?? "builtin", source: "api"), in: scope)
            return try await engine.skills.get(skill.id, in: scope) ?? .null
        }
        table.register(SkillsList.self) { p, _ in
            ["skills": .array(try await host.runtime().skills.list(in: try await host.scope(p.scope)))]
        }
        table.register(SkillsGet.self) { p, _ in
            guard let skill = try await host.runtime().skills.get(p.skillID, in: try await host.scope(p.scope)) else {
                throw RPCError(code: .notFound, message: "skill not found: \(p.skillID)", data: ["path": "params.skill_id"])
            }
            return skill
        }
        table.register(SkillsDelete.self) { p, _ in
            let deleted = try await host.runtime().database.skills.delete(p.skillID, in: try await host.scope(p.scope))
            guard deleted else { throw RPCError(code: .notFound, message: "skill not found: \(p.skillID)", data: ["path": "params.skill_id"]) }
            return SkillsDelete.Result(deleted: true)
        }
    }
}
