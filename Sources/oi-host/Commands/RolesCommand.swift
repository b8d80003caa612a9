import ArgumentParser
import Foundation
import Host
import RPC
import Runtime
import Store

/// `oi-host roles list|create|delete`: the roles of the CLI's org and project.
struct RolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roles", abstract: "Work with roles.", subcommands: [List.self, Create.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List roles.")
        @OptionGroup var settings: SettingsOptions
        @Option(name: [.short, .long], help: "table or json.")
        var format: String = "table"

        func run() async throws {
            let roles = try await CLIRuntime.withScopedEngine(settings) { engine, scope in try await engine.teams.roles(in: scope) }
            if format == "json" { print(try JSONValueCoding.encode(["roles": roles.map { RoleView($0) }]).description); return }
            if roles.isEmpty { print("no roles"); return }
            for role in roles {
                print("\(role.id)\t\(role.name)\(role.isLead ? "\t(lead)" : "\t")\tallowed \(role.allowedTools)\tdenied \(role.deniedTools)")
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a role.")
        @OptionGroup var settings: SettingsOptions
        @Argument(help: "The role's name (unique in the org and project).")
        var name: String
        @Option(help: "The role's system prompt.")
        var prompt: String = ""
        @Option(help: "What the role is for.")
        var description: String = ""
        @Flag(help: "The role leads its groups (decides).")
        var lead = false
        @Option(name: .customLong("allow"), help: "A tool (or glob) the role may use; repeat. None: every tool.")
        var allowed: [String] = []
        @Option(name: .customLong("deny"), help: "A tool (or glob) the role may not use; repeat.")
        var denied: [String] = []
        @Option(name: .customLong("model-file"), help: "A JSON file with the role's model block (provider, model, script, ...).")
        var modelFile: String?

        func run() async throws {
            var model: JSONValue?
            if let modelFile {
                guard let data = FileManager.default.contents(atPath: modelFile) else { throw ValidationError("cannot read \(modelFile)") }
                do { model = try JSONParser.parse(data) } catch { throw ValidationError("\(modelFile) is not JSON: \(error)") }
            }
            try await CLIRuntime.withScopedEngine(settings) { engine, scope in
                let role = try await engine.teams.createRole(
                    RoleDraft(name: name, description: description, systemPrompt: prompt, isLead: lead, allowedTools: allowed, deniedTools: denied, model: model),
                    in: scope)
                print(role.id)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a role (by id or name).")
        @OptionGroup var settings: SettingsOptions
        @Argument(help: "The role's id or name.")
        var role: String
        @Flag(help: "Also remove it from the groups it is a member of.")
        var force = false

        func run() async throws {
            try await CLIRuntime.withScopedEngine(settings) { engine, scope in
                let found: Role
                do {
                    found = try await engine.teams.role(role, in: scope)
                } catch let error as RuntimeError where error.code == .notFound {
                    throw ValidationError("no role \(role)")
                }
                do {
                    try await engine.teams.deleteRole(found.id, force: force, in: scope)
                } catch let error as StoreError where error.code == .conflict {
                    throw ValidationError(error.message)
                }
                print("deleted \(found.id)")
            }
        }
    }
}

extension CLIRuntime {
    /// Opens the runtime quietly, resolves the CLI's scope, runs `body` and
    /// closes the runtime.
    static func withScopedEngine<T>(_ settings: SettingsOptions, _ body: (Engine, Scope) async throws -> T) async throws -> T {
        let config = try settings.load()
        _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", format: config.string("log.format"), quietDefault: true)
        let scope = try scope(config)
        return try await withEngine(config) { try await body($0, scope) }
    }
}
