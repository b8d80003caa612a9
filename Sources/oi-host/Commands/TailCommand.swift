import ArgumentParser
import Foundation
import Host
import Runtime

/// `oi-host tail RUN`: prints a run's events and follows it until it ends.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tail", abstract: "Follow a run's events until it ends.")

    @OptionGroup var settings: SettingsOptions

    @Argument(help: "The run id (run_…).")
    var runID: String

    @Option(name: [.short, .long], help: "pretty or json.")
    var format: String = "pretty"

    func validate() throws {
        guard runID.hasPrefix("run_") else { throw ValidationError("a run id starts with run_") }
        guard ["pretty", "json"].contains(format) else { throw ValidationError("--format is pretty or json") }
    }

    func run() async throws {
        let config = try settings.load()
        _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", format: config.string("log.format"), quietDefault: true)
        let scope = try CLIRuntime.scope(config)
        let status = try await CLIRuntime.withEngine(config) { engine in
            do { _ = try await engine.runs.get(runID, in: scope) } catch {
                throw ValidationError("run not found: \(runID)")
            }
            return try await CLIRuntime.follow(engine, runID: runID, scope: scope, printer: EventPrinter(json: format == "json"))
        }
        throw ExitCode(CLIRuntime.exitCode(status))
    }
}
