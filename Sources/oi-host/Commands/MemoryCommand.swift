import ArgumentParser
import Foundation
import Host
import Memory
import Runtime
import Store

/// `oi-host memory …`: memory maintenance.
struct MemoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "memory", abstract: "Memory maintenance.", subcommands: [ReembedCommand.self])
}

/// `oi-host memory reembed`: re-embeds stored chunks with the configured (or
/// given) embedder, for one scope's view or for every tenant.
struct ReembedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reembed",
        abstract: "Re-embed stored memory chunks with the configured embedder (after changing embedding.provider, model or dimension).")

    @OptionGroup var settings: SettingsOptions

    @Option(help: "hash or openai (default: embedding.provider).")
    var embedder: String?

    @Flag(help: "Every tenant's chunks (default: the scope's own and its project's shared chunks).")
    var all = false

    @Option(help: "Organisation of the scope (default: AGENT_ORG_ID or org_default).")
    var org: String?

    @Option(help: "User of the scope (default: AGENT_USER_ID or user_default).")
    var user: String?

    @Option(help: "Project of the scope (default: AGENT_PROJECT_ID).")
    var project: String?

    @Flag(help: "Re-embed chunks that already have this embedder's vectors too.")
    var force = false

    func run() async throws {
        let config = try settings.load()
        let logger = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", format: config.string("log.format"), quietDefault: true)
        var memorySettings = MemorySettings(config: config)
        if let embedder { memorySettings.embedder.provider = embedder }
        let chosen: any Embedder
        do { chosen = try memorySettings.embedder.makeEmbedder() } catch {
            throw ValidationError("\(error)")
        }
        let scope: Scope?
        if all {
            scope = nil
        } else {
            do {
                scope = try Scope(orgID: org ?? config.string("scope.orgId") ?? "org_default", userID: user ?? config.string("scope.userId") ?? "user_default",
                                  projectID: project ?? config.string("scope.projectId"))
            } catch { throw ValidationError("invalid scope: \(error)") }
        }
        do {
            let report = try await CLIRuntime.withEngine(config) { engine in
                try await engine.memory.reembedder(with: chosen).run(scope: scope, force: force) { progress in
                    logger.info("re-embedding", metadata: ["chunks": .stringConvertible(progress.updated)])
                }
            }
            print("re-embedded \(report.updated) chunks with \(chosen.name) (\(chosen.dimension) dimensions)\(scope.map { " for \($0.orgID)/\($0.userID)/\($0.projectID ?? "-")" } ?? " for every tenant")")
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("re-embedding failed: \(error)")
        }
    }
}
