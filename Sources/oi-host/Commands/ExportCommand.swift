import ArgumentParser
import Foundation
import Runtime

/// `oi-host export RUN --format json`: the run's whole trace as one document.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a run's trace.")

    @OptionGroup var settings: SettingsOptions

    @Argument(help: "The run id (run_…).")
    var runID: String

    @Option(name: [.short, .long], help: "json (the whole trace as one document) or jsonl (one event per line).")
    var format: String = "json"

    @Option(name: [.short, .long], help: "Write to this file instead of stdout.")
    var out: String?

    func validate() throws {
        guard ["json", "jsonl"].contains(format) else { throw ValidationError("--format is json or jsonl") }
    }

    func run() async throws {
        let config = try settings.load()
        _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", quietDefault: true)
        let engine = try await CLIRuntime.open(config)
        let document: String
        do {
            let trace = try await engine.runs.export(runID, in: try CLIRuntime.scope(config))
            if format == "jsonl" {
                document = (trace["events"]?.arrayValue ?? []).map(\.description).joined(separator: "\n") + "\n"
            } else {
                document = trace.description + "\n"
            }
        } catch {
            await engine.close()
            throw ValidationError("run not found: \(runID)")
        }
        await engine.close()
        if let out {
            try Data(document.utf8).write(to: URL(fileURLWithPath: out))
        } else {
            FileHandle.standardOutput.write(Data(document.utf8))
        }
    }
}
