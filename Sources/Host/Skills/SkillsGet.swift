import JSON
import Runtime

/// `skills/list`.
enum SkillsList: HostMethod {
    static let name = "skills/list"
    static let summary = "Lists the skills of the caller's org and project, and those found in the skills folders."

    struct Params: Decodable, Sendable, Scoped { var scope: ScopeParams? }

    struct Result: Encodable, Sendable {
        var skills: [SkillView]
        enum CodingKeys: String, CodingKey { case skills }
    }

    static let paramsSchema = Schema.object(["scope": ScopeParams.schema])
    static let resultSchema = Schema.object(["skills": Schema.array(SkillSchemas.skill)], required: ["skills"])
    static let example = Result(skills: [SkillSchemas.example])

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        Result(skills: try await context.runtime().skills.list(in: try await context.scope(of: p)))
    }
}

/// `skills/get`.
enum SkillsGet: HostMethod {
    static let name = "skills/get"
    static let summary = "Returns one skill by id or name."
    typealias Params = SkillParams
    typealias Result = SkillView
    static let paramsSchema = SkillParams.schema
    static let resultSchema = SkillSchemas.skill
    static let example = SkillSchemas.example

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        guard let skill = try await context.runtime().skills.get(p.skillID, in: try await context.scope(of: p)) else { throw p.notFound }
        return skill
    }
}

/// `skills/delete`.
enum SkillsDelete: HostMethod {
    static let name = "skills/delete"
    static let summary = "Deletes a stored skill."
    typealias Params = SkillParams

    struct Result: Encodable, Sendable {
        var deleted = true
        enum CodingKeys: String, CodingKey { case deleted }
    }

    static let paramsSchema = SkillParams.schema
    static let resultSchema = Schema.object(["deleted": Schema.boolean], required: ["deleted"])
    static let example = Result()

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        guard try await context.runtime().skills.delete(p.skillID, in: try await context.scope(of: p)) else { throw p.notFound }
        return Result()
    }
}
