import ArgumentParser
import Foundation
import Host
import JSON
import Runtime
import Store

/// `oi-host usage`: token usage and cost of the scope's runs, as `system/usage` gives them.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Token usage and cost of your runs, grouped by run, role, group, model, session or day.")

    @OptionGroup var settings: SettingsOptions

    @Option(name: .long, help: "Runs created at or after this date or time (2026-12-01 or RFC 3339).")
    var from: String?

    @Option(name: .long, help: "Runs created before this date or time.")
    var to: String?

    @Option(name: .customLong("group-by"), help: "run, role, group, model, session or day.")
    var groupBy: String = "model"

    @Flag(name: .long, help: "Print the result as system/usage returns it (JSON).")
    var json = false

    func validate() throws {
        guard UsageQuery.Key(rawValue: groupBy) != nil else {
            throw ValidationError("--group-by is one of \(UsageQuery.Key.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for (flag, value) in [("--from", from), ("--to", to)] {
            if let value, UsageSummary.bound(value) == nil { throw ValidationError("\(flag) must be a date (2026-12-01) or an RFC 3339 time") }
        }
    }

    func run() async throws {
        let config = try settings.load()
        _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", format: config.string("log.format"), quietDefault: true)
        let scope = try CLIRuntime.scope(config)
        let key = UsageQuery.Key(rawValue: groupBy) ?? .model
        let summary = try await CLIRuntime.withEngine(config) { engine in
            try await engine.runs.usage(in: scope, from: from, to: to, groupBy: key)
        }
        if json {
            print(String(decoding: try JSONValueCoding.encodeBytes(summary), as: UTF8.self))
            return
        }
        print(Self.table(summary))
    }

    /// A plain table: one line per key, then the total.
    static func table(_ summary: UsageSummary) -> String {
        let header = [summary.groupBy, "runs", "input", "output", "cached", "cost_usd"]
        var lines = [header]
        for row in summary.rows {
            lines.append(cells(row.key ?? "(none)", row))
        }
        lines.append(cells("total", summary.total))
        let widths = header.indices.map { i in lines.map { $0[i].count }.max() ?? 0 }
        let text = lines.map { cols in
            cols.enumerated().map { i, c in i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                                                   : String(repeating: " ", count: widths[i] - c.count) + c }.joined(separator: "  ")
        }
        let note = summary.total.estimated ? "\n* some counts are estimated (a provider reported no usage)" : ""
        return text.joined(separator: "\n") + note
    }

    static func cells(_ key: String, _ row: UsageSummary.Row) -> [String] {
        [key, "\(row.runs)", "\(row.inputTokens)", "\(row.outputTokens)", "\(row.cachedTokens)",
         String(format: "%.6f", row.costUsd) + (row.estimated ? "*" : "")]
    }
}
