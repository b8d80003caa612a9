import Foundation
import JSON
import Store

/// `skills_list`: the skills this run's scope can load.
struct SkillsListTool: Tool {
    let name = "skills_list"
    let isReadOnly = true
    let description = "List the skills available in this project (name, description, tools)."
    let risk = RiskLevel.low
    let inputSchema = Schema.object([:])
    let skills: SkillService

    func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let scope = try context.scope
        let list = try await skills.list(in: scope).map { s -> JSONValue in
            ["name": .string(s.name), "description": .string(s.description), "tools": try JSONValueCoding.encode(s.tools)]
        }
        return ToolOutput(["skills": .array(list)])
    }
}

/// `skill_load`: a skill's instructions and tools, for the model to follow.
struct SkillLoadTool: Tool {
    let name = "skill_load"
    let isReadOnly = true
    let description = "Load a skill by name: returns its instructions and the tools it uses."
    let risk = RiskLevel.low
    let inputSchema = Schema.object(["name": Schema.string(minLength: 1, maxLength: 256)], required: ["name"])
    let skills: SkillService

    func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let name = arguments["name"]?.stringValue ?? ""
        guard let skill = try await skills.get(name, in: try context.scope) else { return .error("no skill named \(name)") }
        return ToolOutput(["name": .string(skill.name), "instructions": .string(skill.instructions), "tools": try JSONValueCoding.encode(skill.tools)])
    }
}
