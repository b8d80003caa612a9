import ArgumentParser
import Foundation
import Host
import RPC
import Runtime

/// `oi-host export RUN`: the run's trace, as one JSON document or as JSON lines.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a run's trace.",
        discussion: """
        json: one document {format, exported_at, run, events, checkpoints}, as runs/export returns it.

        jsonl: one JSON object per line: first the run (as runs/get returns it), then one line per event (as runs/events returns it, in seq order).

        --filter keeps only the events of the types given, in either format.
        """)

    @OptionGroup var settings: SettingsOptions

    @Argument(help: "The run id (run_…).")
    var runID: String

    @Option(name: [.short, .long], help: "json (the whole trace as one document) or jsonl (the run, then one event per line).")
    var format: String = "json"

    @Option(name: [.short, .long], help: "Write to this file instead of stdout (replaced whole: a symlink there is replaced, not followed).")
    var out: String?

    @Option(help: ArgumentHelp("Only events of this type (run.completed) or with this prefix (tool.); repeatable.", valueName: "type"))
    var filter: [String] = []

    func validate() throws {
        guard ["json", "jsonl"].contains(format) else { throw ValidationError("--format is json or jsonl") }
        if filter.contains(where: \.isEmpty) { throw ValidationError("--filter needs an event type or a prefix like tool.") }
    }

    func run() async throws {
        let config = try settings.load()
        _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", quietDefault: true)
        let engine = try await CLIRuntime.open(config)
        let document: String
        do {
            let trace = try await engine.runs.export(runID, in: try CLIRuntime.scope(config), types: filter)
            if format == "jsonl" {
                let lines = [try JSONValueCoding.encode(trace.run)] + trace.events.map(\.json)
                document = lines.map { $0.description + "\n" }.joined()
            } else {
                document = try JSONValueCoding.encode(trace).description + "\n"
            }
        } catch {
            await engine.close()
            throw ValidationError("run not found: \(runID)")
        }
        await engine.close()
        if let out {
            do {
                try FileReplacement.write(Data(document.utf8), to: out)
            } catch {
                throw ValidationError("cannot write \(out): \(error)")
            }
        } else {
            FileHandle.standardOutput.write(Data(document.utf8))
        }
    }
}
