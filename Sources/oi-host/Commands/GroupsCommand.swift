import ArgumentParser
import Foundation
import Host
import RPC
import Runtime
import Store

/// `oi-host groups list|create|run`: the groups of the CLI's org and project.
struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "groups", abstract: "Work with groups (teams).", subcommands: [List.self, Create.self, Run.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List groups and their members.")
        @OptionGroup var settings: SettingsOptions
        @Option(name: [.short, .long], help: "table or json.")
        var format: String = "table"

        func run() async throws {
            try await CLIRuntime.withScopedEngine(settings) { engine, scope in
                let groups = try await engine.teams.groups(in: scope)
                if format == "json" { print(try JSONValueCoding.encode(["groups": groups.map { GroupView($0) }]).description); return }
                if groups.isEmpty { print("no groups"); return }
                for group in groups {
                    let members = try await engine.teams.members(of: group.id, in: scope)
                    print("\(group.id)\t\(group.name)\t[\(members.map { $0.roleName + ($0.isLead ? "*" : "") }.joined(separator: ", "))]")
                }
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a group, optionally with its member roles.")
        @OptionGroup var settings: SettingsOptions
        @Argument(help: "The group's name (unique in the org and project).")
        var name: String
        @Option(help: "What the group is for.")
        var description: String = ""
        @Option(name: .customLong("role"), help: "A member role (id or name), in order; repeat.")
        var roles: [String] = []
        @Flag(name: .customLong("fail-fast"), help: "Stop a run at the first member that fails.")
        var failFast = false

        func run() async throws {
            try await CLIRuntime.withScopedEngine(settings) { engine, scope in
                var resolved: [Role] = []
                for name in roles {
                    do {
                        resolved.append(try await engine.teams.role(name, in: scope))
                    } catch let error as RuntimeError where error.code == .notFound {
                        throw ValidationError("no role \(name)")
                    }
                }
                let group = try await engine.teams.createGroup(name: name, description: description, config: failFast ? ["fail_fast": true] : [:], in: scope)
                for role in resolved { _ = try await engine.teams.addMember(to: group.id, roleID: role.id, in: scope) }
                print(group.id)
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a group on a task and wait for its decision.")
        @OptionGroup var settings: SettingsOptions
        @Argument(help: "The group's id or name.")
        var group: String
        @Argument(help: "The task.")
        var input: String
        @Option(name: [.short, .long], help: "Session key (default s_default).")
        var session: String = "s_default"
        @Flag(help: "Stream the group run's events (tasks, proposals, evidence, decision) as they happen.")
        var stream = false
        @Flag(help: "Print events as JSON lines.")
        var json = false

        func run() async throws {
            try CLIRuntime.checkID(session, flag: "--session")
            try await CLIRuntime.withScopedEngine(settings) { engine, scope in
                let created = try await engine.teams.createRun(group: group, input: input, sessionKey: session, llm: AgentSpec(), in: scope)
                let runID = created.parent.id
                if !stream && !json { print("group run \(runID) (\(created.children.count) members)") }
                let status = try await CLIRuntime.executing(runID, on: engine) {
                    try await CLIRuntime.follow(engine, runID: runID, scope: scope, printer: stream || json ? EventPrinter(json: json) : nil)
                }
                if !stream && !json {
                    let run = try await engine.runs.get(runID, in: scope)
                    print(run.output.flatMap { try? JSONParser.parse($0) }?.stringValue ?? run.error ?? "")
                }
                throw ExitCode(CLIRuntime.exitCode(status))
            }
        }
    }
}
