import Foundation
import RPC
import Testing
@testable import Runtime

@Suite struct ConfigTests {
    func tempFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "oi-config-\(UUID().uuidString).json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func fileThenEnvironmentThenFlagsWin() throws {
        let file = try tempFile(#"{"llm":{"model":"from-file","temperature":0.2},"queue":{"concurrency":3}}"#)
        let config = try Config.load(file: file, environment: ["LLM_MODEL": "from-env", "QUEUE_CONCURRENCY": "4"], flags: ["queue.concurrency": "5"])
        #expect(config.string("llm.model") == "from-env")
        #expect(config.source("llm.model")?.source == .environment)
        #expect(config.double("llm.temperature") == 0.2)
        #expect(config.source("llm.temperature")?.source == .file)
        #expect(config.int("queue.concurrency") == 5)
        #expect(config.source("queue.concurrency")?.source == .flag)
        #expect(config.int("agent.maxSteps") == 10)
        #expect(config.source("agent.maxSteps")?.source == .defaults)
    }

    @Test func anInvalidValueNamesItsKeyAndSource() throws {
        do {
            _ = try Config.load(file: nil, environment: ["OI_CONFIG": "/nonexistent.json", "LLM_TEMPERATURE": "hot"])
            Issue.record("expected an error")
        } catch {
            #expect(error.key.hasPrefix("llm.temperature"))
            #expect(error.source == .environment)
            #expect(error.origin == "LLM_TEMPERATURE")
            #expect(error.message == "must be a number")
        }
        let file = try tempFile(#"{"server":{"port":70000}}"#)
        #expect(throws: ConfigError.self) { try Config.load(file: file, environment: [:]) }
    }

    @Test func aSecretIsNeverEchoedInAnError() throws {
        let file = try tempFile(#"{"llm":{"apiKey":12345}}"#)
        do {
            _ = try Config.load(file: file, environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("12345"))
        }
    }

    @Test func unknownKeysAreWarnedAbout() throws {
        let file = try tempFile(#"{"llm":{"modle":"x"},"bogus":1,"server":{"port":3001}}"#)
        let config = try Config.load(file: file, environment: [:])
        #expect(config.warnings.contains { $0.contains("'llm.modle'") })
        #expect(config.warnings.contains { $0.contains("'bogus'") })
        #expect(config.int("server.port") == 3001)
    }

    @Test func mcpServersAreParsedAndChecked() throws {
        let good = try tempFile(#"{"mcpServers":{"time":{"command":"mcp-server-time","args":["--x"],"env":{"A":"1"},"timeout":5000}}}"#)
        let config = try Config.load(file: good, environment: [:])
        #expect(config.mcpServers == [MCPServerConfig(name: "time", command: "mcp-server-time", args: ["--x"], env: ["A": "1"], cwd: nil, timeoutMs: 5000)])
        let bad = try tempFile(#"{"mcpServers":{"time":{"args":[]}}}"#)
        #expect(throws: ConfigError.self) { try Config.load(file: bad, environment: [:]) }
        let startup = try tempFile(#"{"mcpServers":{"slow":{"command":"x","startupTimeout":90000}}}"#)
        #expect(try Config.load(file: startup, environment: [:]).mcpServers.first?.startupTimeoutMs == 90_000)
        #expect(try Config.load(file: good, environment: [:]).mcpServers.first?.startupTimeoutMs == 30_000)
        let zero = try tempFile(#"{"mcpServers":{"slow":{"command":"x","startupTimeout":0}}}"#)
        #expect(throws: ConfigError.self) { try Config.load(file: zero, environment: [:]) }
    }

    @Test func theMCPLimitsReachEveryServer() throws {
        let file = try tempFile(#"{"mcp":{"maxLineBytes":65536},"mcpServers":{"a":{"command":"x"},"b":{"command":"y"}}}"#)
        #expect(try Config.load(file: file, environment: [:]).mcpServers.map(\.limits.maxLineBytes) == [65536, 65536])
        let overridden = try Config.load(file: file, environment: ["MCP_MAX_LINE_BYTES": "2048"])
        #expect(overridden.mcpServers.map(\.limits.maxLineBytes) == [2048, 2048])
        #expect(try Config.load(environment: ["OI_CONFIG": "/none"])["mcp.maxLineBytes"] == 16_777_216)
        let stderr = try Config.load(file: file, environment: ["MCP_STDERR_LINES_PER_SECOND": "5", "MCP_STDERR_BYTES_PER_SECOND": "4096"])
        #expect(stderr.mcpServers.first?.limits.stderrLinesPerSecond == 5)
        #expect(stderr.mcpServers.first?.limits.stderrBytesPerSecond == 4096)
    }

    @Test func theProviderDefaultsToScriptedWithoutKeys() {
        #expect(ProviderSelection(config: (try? Config.load(environment: ["OI_CONFIG": "/none"])) ?? Config()).provider == "scripted")
        let keyed = try? Config.load(environment: ["OI_CONFIG": "/none", "ANTHROPIC_API_KEY": "k-123456"])
        #expect(keyed.map { ProviderSelection(config: $0).provider } == "anthropic")
    }

    @Test func redactionHidesPasswordsAndSecrets() {
        #expect(Redaction.url("postgres://u:pw@h:5/db") == "postgres://u:***@h:5/db")
        #expect(Redaction.scrub("key sk-abcdef here", secrets: ["sk-abcdef"]) == "key *** here")
    }
}
