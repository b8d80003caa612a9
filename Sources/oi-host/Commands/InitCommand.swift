import ArgumentParser
import Foundation
import Host

/// `oi-host init`: writes a starter `agent.config.json` (no secrets in it:
/// keys belong in the environment).
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Write agent.config.json with safe defaults.")

    @Flag(help: "Overwrite an existing file.")
    var force = false

    @Option(help: "Where to write it.")
    var path = "agent.config.json"

    static let template = """
    {
      "llm": {
        "provider": "scripted",
        "model": "scripted-default",
        "baseUrl": "https://api.openai.com/v1",
        "temperature": 0.7,
        "maxTokens": 2000
      },
      "server": {
        "port": 3000,
        "baseDir": "data"
      },
      "agent": {
        "maxSteps": 10,
        "timeout": 300000
      },
      "queue": {
        "concurrency": 1
      },
      "embedding": {
        "provider": "hash",
        "dimension": 256
      },
      "mcpServers": {}
    }

    """

    func run() throws {
        if FileManager.default.fileExists(atPath: path) && !force {
            throw ValidationError("\(path) already exists; use --force to overwrite it")
        }
        do {
            try Data(Self.template.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ValidationError("cannot write \(path): \(error.localizedDescription)")
        }
        print("wrote \(path)")
        print("API keys go in the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY), never in this file.")
    }
}
