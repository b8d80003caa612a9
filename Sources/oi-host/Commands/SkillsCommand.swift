import ArgumentParser
import Foundation
import Host
import RPC
import Runtime

/// `oi-host skills list`: the skills of the CLI's scope (stored and from folders).
struct SkillsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "skills", abstract: "Work with skills.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List skills.")

        @OptionGroup var settings: SettingsOptions

        @Option(name: [.short, .long], help: "table or json.")
        var format: String = "table"

        func validate() throws {
            guard ["table", "json"].contains(format) else { throw ValidationError("--format is table or json") }
        }

        func run() async throws {
            let config = try settings.load()
            _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", format: config.string("log.format"), quietDefault: true)
            let scope = try CLIRuntime.scope(config)
            let skills = try await CLIRuntime.withEngine(config) { try await $0.skills.list(in: scope) }
            if format == "json" {
                print(try JSONValueCoding.encode(["skills": skills]).description)
                return
            }
            if skills.isEmpty { print("no skills"); return }
            for skill in skills {
                let tools = skill.tools.map(\.name).joined(separator: ", ")
                print("\(skill.name)\t\(skill.riskLevel)\t\(skill.description)\t[\(tools)]\t\(skill.source)")
            }
        }
    }
}
