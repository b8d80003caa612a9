import ArgumentParser
import Foundation
import Host
import Runtime
import Store

#if canImport(Glibc)
import Glibc
#endif

/// `oi-host ingest pdf FILE`: a PDF into archival memory, as a job this
/// process executes (or leaves to a running host without `--wait`).
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Ingest documents into archival memory.",
                                                    subcommands: [IngestPDFCommand.self])
}

struct IngestPDFCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pdf", abstract: "Parse a PDF (MinerU when configured, else pdftotext) into archival memory.")

    @OptionGroup var settings: SettingsOptions

    @Argument(help: "The PDF file.")
    var file: String

    @Option(help: "Title of the memory (default: the file name).")
    var title: String?

    @Option(help: "Source key (default: the file's absolute path).")
    var sourceKey: String?

    @Flag(help: "Execute the job here and wait for its end, with a progress bar on a terminal.")
    var wait = false

    func run() async throws {
        let config = try settings.load()
        _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", format: config.string("log.format"), quietDefault: true)
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        guard FileManager.default.isReadableFile(atPath: absolute) else { throw ValidationError("cannot read \(file)") }
        let scope = try CLIRuntime.scope(config)
        let state = try await CLIRuntime.withEngine(config) { engine in
            let request = PDFIngestRequest(source: .path(absolute: absolute, given: (absolute as NSString).lastPathComponent), title: title,
                                           sourceKey: sourceKey ?? "file:" + absolute)
            let job = try await engine.ingest.ingestPDF(request, wait: false, in: scope)
            guard wait else {
                print("job \(job.id) queued (a running oi-host executes it; follow it with jobs/get)")
                return "pending"
            }
            return try await JobProgressPrinter.executing(job.id, on: engine, scope: scope)
        }
        throw ExitCode(state == "completed" || state == "pending" ? 0 : state == "cancelled" ? 2 : 1)
    }
}

/// `oi-host connectors sync ID`: a Feishu connector's sync.
struct ConnectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "connectors", abstract: "Feishu connectors.", subcommands: [ConnectorsSyncCommand.self])
}

struct ConnectorsSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync", abstract: "Sync a Feishu connector now.")

    @OptionGroup var settings: SettingsOptions

    @Argument(help: "The connector id (fconn_…).")
    var connectorID: String

    @Flag(help: "Execute the sync here and wait for its end, with a progress bar on a terminal.")
    var wait = false

    func run() async throws {
        try CLIRuntime.checkID(connectorID, flag: "connector id")
        let config = try settings.load()
        _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", format: config.string("log.format"), quietDefault: true)
        let scope = try CLIRuntime.scope(config)
        let state: String
        do {
            state = try await CLIRuntime.withEngine(config) { engine in
                let job = try await engine.feishu.sync(connectorID, wait: false, in: scope)
                guard wait else {
                    print("sync \(job.id) queued (a running oi-host executes it)")
                    return "pending"
                }
                return try await JobProgressPrinter.executing(job.id, on: engine, scope: scope)
            }
        } catch let error as RuntimeError {
            throw ValidationError(error.message)
        }
        throw ExitCode(state == "completed" || state == "pending" ? 0 : state == "cancelled" ? 2 : 1)
    }
}

/// Runs the job runner while printing a job's progress: a bar redrawn in
/// place on a terminal, one plain line per event otherwise.
enum JobProgressPrinter {
    static func executing(_ jobID: String, on engine: Engine, scope: Scope) async throws -> String {
        let tty = isatty(STDOUT_FILENO) != 0
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask { await engine.jobs.run(); return nil }
            group.addTask {
                var after: Int64 = 0
                while true {
                    for event in try await engine.jobs.events(jobID, in: scope, afterSeq: after) {
                        after = event.seq
                        let view = JobEventView(event)
                        line(view, tty: tty)
                        if view.isTerminal {
                            if tty { print("") }
                            return try await engine.jobs.get(jobID, in: scope).state
                        }
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            var state = "failed"
            while let next = try await group.next() {
                if let next {
                    state = next
                    engine.jobs.shutdown()
                }
            }
            return state
        }
    }

    static func line(_ event: JobEventView, tty: Bool) {
        let total = Int(event.payload["items_total"]?.intValue ?? 0)
        let done = Int(event.payload["items_done"]?.intValue ?? 0)
        let message = event.payload["message"]?.stringValue ?? event.payload["error"]?.stringValue ?? event.payload["item"]?.stringValue ?? ""
        let label = event.type == "job.progress" ? message : event.type
        if tty {
            let width = 30
            let filled = total > 0 ? min(width, done * width / total) : 0
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            print("\r\u{1B}[2K[\(bar)] \(done)/\(total) \(label.prefix(60))", terminator: "")
            fflush(nil)
        } else {
            print("\(event.jobID) \(done)/\(total) \(event.type)\(label.isEmpty || label == event.type ? "" : ": " + label)")
        }
    }
}
