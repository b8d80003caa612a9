import ArgumentParser
import Foundation
import Host
import Runtime

/// `oi-host`: with no subcommand, the stdio JSON-RPC host editors and the
/// adapter spawn; subcommands are the seed's CLI.
@main
struct OIHost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oi-host",
        abstract: "OpenIntern agent runtime: a JSON-RPC 2.0 host on stdio, and its CLI.",
        version: OpenIntern.version,
        subcommands: [InitCommand.self, DoctorCommand.self, RunCommand.self, IngestCommand.self, ConnectorsCommand.self, TailCommand.self, ExportCommand.self, SkillsCommand.self, RolesCommand.self, GroupsCommand.self, SchemasCommand.self,
                      MemoryCommand.self, TokensCommand.self, DevCommand.self, UsageCommand.self, ACPCommand.self, MCPCommand.self])

    @OptionGroup var settings: SettingsOptions

    func run() async throws {
        try await serve(settings, .jsonRPC)
    }
}

/// Flags every command shares; they override the config file and environment.
struct SettingsOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "Config file (default: ./agent.config.json, or $OI_CONFIG).")
    var configFile: String?

    @Option(name: .customLong("data-dir"), help: "Data directory (server.baseDir, $DATA_DIR).")
    var dataDir: String?

    @Option(name: .customLong("database-url"), help: "postgres://… to use PostgreSQL (server.databaseUrl, $DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .customLong("provider"), help: "Model provider (llm.provider).")
    var provider: String?

    @Option(name: .customLong("model"), help: "Model name (llm.model).")
    var model: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (log.level).")
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: "text, or json: one object per line with ts, level, logger, message and metadata such as run_id, step, org_id (log.format).")
    var logFormat: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Any setting as key=value, e.g. --set queue.concurrency=2.", valueName: "key=value"))
    var assignments: [String] = []

    func flags() throws -> [String: String] {
        var flags: [String: String] = [:]
        for item in assignments {
            guard let eq = item.firstIndex(of: "=") else {
                throw ValidationError("--set expects key=value, got '\(item)'")
            }
            flags[String(item[..<eq])] = String(item[item.index(after: eq)...])
        }
        if let dataDir { flags["server.baseDir"] = dataDir }
        if let databaseURL { flags["server.databaseUrl"] = databaseURL }
        if let provider { flags["llm.provider"] = provider }
        if let model { flags["llm.model"] = model }
        if let logLevel { flags["log.level"] = logLevel }
        if let logFormat { flags["log.format"] = logFormat }
        return flags
    }

    func load() throws -> Config {
        do {
            return try Config.load(file: configFile, flags: flags())
        } catch let error as ConfigError {
            throw ValidationError("invalid configuration: \(error)")
        }
    }
}
