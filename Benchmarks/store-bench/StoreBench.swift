import Foundation
import Store

/// store-bench: appends events the way the runtime does and reads them back.
///
///     swift run -c release store-bench [--sqlite] [--postgres URL] [--events N] [--batches 5,100]
///
/// Batch 5 = one step commit (5 events + a checkpoint + a run update in one
/// transaction, one synced commit); batch 100 = a plain append of 100 events.
/// Reads page through the run by (run_id, seq) ranges of 200.
@main
struct StoreBench {
    struct Options {
        var sqlite = false
        var postgresURL: String?
        var events = 100_000
        var batches = [5, 100]
        var readPage = 200
    }

    static func main() async {
        do {
            let options = try parse(Array(CommandLine.arguments.dropFirst()))
            if options.sqlite {
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oi-bench-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: dir) }
                for batch in options.batches {
                    let path = dir.appendingPathComponent("bench-\(batch).sqlite").path
                    try await run(label: "sqlite", configuration: .sqlite(path: path), batch: batch, options: options)
                }
            }
            if let url = options.postgresURL {
                for batch in options.batches {
                    try await run(label: "postgres", configuration: .postgres(url: url), batch: batch, options: options)
                }
            }
        } catch {
            FileHandle.standardError.write(Data("store-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < arguments.count else { throw StoreError(.invalidInput, "\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--sqlite": options.sqlite = true
            case "--postgres": options.postgresURL = try value()
            case "--events": options.events = Int(try value()) ?? options.events
            case "--batches": options.batches = try value().split(separator: ",").compactMap { Int($0) }
            case "--read-page": options.readPage = Int(try value()) ?? options.readPage
            default: throw StoreError(.invalidInput, "unknown option \(arguments[i]); see Benchmarks/store-bench/StoreBench.swift")
            }
            i += 1
        }
        if !options.sqlite && options.postgresURL == nil { options.sqlite = true }
        return options
    }

    static func run(label: String, configuration: StoreConfiguration, batch: Int, options: Options) async throws {
        let db = try await Database.open(configuration)
        let scope = try Scope(orgID: "bench_\(UUID().uuidString.prefix(8))", userID: "bench")
        let run = try await db.runs.create(NewRun(sessionKey: "s_bench", input: "benchmark"), in: scope).run
        _ = try await db.runs.update(run.id, in: scope, RunUpdate(status: .running))
        let payload = #"{"toolName":"read_file","args":{"path":"Sources/Store/Database.swift"},"result":"a line of output that a tool returned","duration_ms":12}"#
        let steps = options.events / batch
        var latencies: [Double] = []
        latencies.reserveCapacity(steps)

        let writeStart = ContinuousClock.now
        for step in 0..<steps {
            let events = (0..<batch).map { NewEvent(type: $0 == 0 ? "step.started" : "tool.result", payload: payload, step: step) }
            let t0 = ContinuousClock.now
            if batch <= 10 {
                _ = try await db.events.commitStep(StepCommit(
                    events: events,
                    checkpoint: NewCheckpoint(step: step, state: #"{"messages":[{"role":"tool","content":"ok"}],"usage":{"input":120,"output":40}}"#),
                    run: RunUpdate(usage: TokenUsage(inputTokens: 120, outputTokens: 40))), to: run.id, in: scope)
            } else {
                _ = try await db.events.append(events, to: run.id, in: scope)
            }
            latencies.append((ContinuousClock.now - t0).seconds * 1000)
        }
        let written = steps * batch
        let writeSeconds = (ContinuousClock.now - writeStart).seconds

        let readStart = ContinuousClock.now
        var read = 0
        var after: Int64 = 0
        while true {
            let page = try await db.events.list(run.id, in: scope, filter: EventFilter(afterSeq: after, limit: options.readPage))
            guard let last = page.last else { break }
            read += page.count
            after = last.seq
        }
        let readSeconds = (ContinuousClock.now - readStart).seconds
        guard read == written else { throw StoreError(.internal, "read \(read) events, wrote \(written)") }

        latencies.sort()
        let p50 = latencies[latencies.count / 2], p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
        let kind = batch <= 10 ? "step commits (events+checkpoint+run)" : "appends"
        print(String(format: "%@ batch %d: wrote %d events in %.2f s = %.0f events/s (%d %@, p50 %.2f ms, p99 %.2f ms); read in %.2f s = %.0f events/s (pages of %d)",
                     label, batch, written, writeSeconds, Double(written) / writeSeconds, steps, kind, p50, p99,
                     readSeconds, Double(read) / readSeconds, options.readPage))
        // Leave nothing behind in a shared PostgreSQL database.
        _ = try await db.transaction(.system) { c in try c.execute("DELETE FROM runs WHERE org_id = $1", [.text(scope.orgID)]) }
        await db.close()
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
