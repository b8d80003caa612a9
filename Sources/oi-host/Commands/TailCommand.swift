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
        _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", quietDefault: true)
        let engine = try await CLIRuntime.open(config)
        let scope = try CLIRuntime.scope(config)
        do { _ = try await engine.runs.get(runID, in: scope) } catch {
            await engine.close()
            throw ValidationError("run not found: \(runID)")
        }
        let status = try await CLIRuntime.follow(engine, runID: runID, scope: scope, printer: EventPrinter(json: format == "json"))
        await engine.close()
        throw ExitCode(CLIRuntime.exitCode(status))
    }
}
