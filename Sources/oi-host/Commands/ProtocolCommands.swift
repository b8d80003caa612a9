import ArgumentParser
import Host
import Runtime

/// `oi-host acp`: the stdio host speaking the Agent Client Protocol, for
/// editors (Zed and others) that spawn their agent. `oi-host` alone also
/// switches to it when the first `initialize` carries an integer protocolVersion.
struct ACPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acp",
        abstract: "Serve the Agent Client Protocol on stdin/stdout (an editor's agent); the scope comes from the configuration.")

    @OptionGroup var settings: SettingsOptions

    func run() async throws {
        try await serve(settings, .acp)
    }
}

/// `oi-host mcp`: the stdio host as an MCP server: runs and memory as tools,
/// run traces as resources, for any MCP client.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve MCP on stdin/stdout: tools run_agent, get_run, list_runs, memory_search, memory_write; run traces as resources.")

    @OptionGroup var settings: SettingsOptions

    func run() async throws {
        try await serve(settings, .mcp)
    }
}

/// The stdio host in one protocol, as the root command runs ours.
func serve(_ settings: SettingsOptions, _ hostProtocol: HostProtocol) async throws {
    let config = try settings.load()
    let logger = LogSetup.bootstrap(level: config.string("log.level") ?? "info", format: config.string("log.format"))
    for warning in config.warnings { logger.warning("\(warning)") }
    try await StdioHost(config: config, logger: logger, protocol: hostProtocol).run()
}
