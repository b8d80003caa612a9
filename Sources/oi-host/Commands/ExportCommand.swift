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

        otel: the run's spans as OpenTelemetry OTLP/JSON (an ExportTraceServiceRequest), as runs/export with format otel returns it.

        --filter keeps only the events of the types given (json and jsonl).
        """)

    @OptionGroup var settings: SettingsOptions

    @Argument(help: "The run id (run_…).")
    var runID: String

    @Option(name: [.short, .long], help: "json (the whole trace as one document), jsonl (the run, then one event per line) or otel (OTLP/JSON spans).")
    var format: String = "json"

    @Option(name: [.short, .long], help: "Write to this file instead of stdout (replaced whole: a symlink there is replaced, not followed).")
    var out: String?

    @Option(help: ArgumentHelp("Only events of this type (run.completed) or with this prefix (tool.); repeatable.", valueName: "type"))
    var filter: [String] = []

    func validate() throws {
        guard ["json", "jsonl", "otel"].contains(format) else { throw ValidationError("--format is json, jsonl or otel") }
        if filter.contains(where: \.isEmpty) { throw ValidationError("--filter needs an event type or a prefix like tool.") }
    }

    func run() async throws {
        let config = try settings.load()
        _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", format: config.string("log.format"), quietDefault: true)
        let scope = try CLIRuntime.scope(config)
        let document = try await CLIRuntime.withEngine(config) { engine in
            if format == "otel" {
                let spans: OTLPTraceDocument
                do { spans = try await engine.runs.exportOTel(runID, in: scope) } catch {
                    throw ValidationError("run not found: \(runID)")
                }
                return String(decoding: try JSONValueCoding.encodeBytes(spans), as: UTF8.self) + "\n"
            }
            let trace: RunExport
            do { trace = try await engine.runs.export(runID, in: scope, types: filter) } catch {
                throw ValidationError("run not found: \(runID)")
            }
            if format == "jsonl" {
                // Events as they were stored: their wire bytes, one per line.
                let lines = [try JSONValueCoding.encodeBytes(trace.run)] + trace.events.map(\.wire.bytes)
                return lines.map { String(decoding: $0, as: UTF8.self) + "\n" }.joined()
            }
            return String(decoding: try JSONValueCoding.encodeBytes(trace), as: UTF8.self) + "\n"
        }
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
