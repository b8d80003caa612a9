import Foundation
import RPC
import Runtime
import Store

// The agent loop with durable checkpoints, measured over oi-host's stdio:
// ms per step of a scripted 200-step run beside the disk's synced-commit
// floor (SQLite), aggregate steps/s of 8 concurrent runs (PostgreSQL),
// checkpoint bytes per step, and the latency from an event's write to its
// `runs/event` notification.
//
// Usage: run-bench [--postgres URL] [--host path/to/oi-host] [--steps N]

@main
struct RunBench {
    static func main() async throws {
        let args = CommandLine.arguments
        let pg = args.firstIndex(of: "--postgres").map { args[$0 + 1] }
        let host = args.firstIndex(of: "--host").map { args[$0 + 1] } ?? ".build/release/oi-host"
        let steps = args.firstIndex(of: "--steps").flatMap { Int(args[$0 + 1]) } ?? 200
        let dir = NSTemporaryDirectory() + "oi-run-bench-floor-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The floor before and after the run, so a disk that changes pace shows.
        let floorBefore = try await PipeBench.floor(directory: dir)
        let sqlite = try PipeBench.steps(host: host, databaseURL: nil, runs: 1, steps: steps)
        let floorAfter = try await PipeBench.floor(directory: dir)
        let floor = (floorBefore + floorAfter) / 2
        print("| figure | value | goal |")
        print("|---|---|---|")
        print(String(format: "| SQLite synced-commit floor (small row, WAL, synchronous=FULL) | %.3f ms (%.3f before, %.3f after) | — |", floor, floorBefore, floorAfter))
        print(String(format: "| SQLite durable step over the pipe (1 run × %d steps) | %.3f ms/step, %.0f steps/s = %.0f %% of the floor | ≥ 50 %% |",
                     sqlite.steps, sqlite.msPerStep, sqlite.stepsPerSecond, floor / sqlite.msPerStep * 100))
        if let pg {
            let single = try PipeBench.steps(host: host, databaseURL: pg, runs: 1, steps: steps)
            print(String(format: "| PostgreSQL durable step over the pipe (1 run × %d steps) | %.3f ms/step, %.0f steps/s | — |",
                         single.steps, single.msPerStep, single.stepsPerSecond))
            let eight = try PipeBench.steps(host: host, databaseURL: pg, runs: 8, steps: steps)
            print(String(format: "| PostgreSQL, 8 concurrent runs × %d steps | %.0f steps/s in aggregate | ≥ 1,000 steps/s |", steps, eight.stepsPerSecond))
        }
        print("| checkpoint bytes per step | mean \(sqlite.checkpointBytes.mean), last \(sqlite.checkpointBytes.last) | ≤ 400 |")
        try await latency(host: host)
    }

    /// Event write → `runs/event` notification on the client's side of the pipe.
    static func latency(host: String) async throws {
        let dir = NSTemporaryDirectory() + "oi-run-bench-\(UUID().uuidString)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: host)
        process.environment = ProcessInfo.processInfo.environment.merging(["DATA_DIR": dir, "OI_LOG_LEVEL": "error", "OI_CONFIG": "/nonexistent.json"]) { _, b in b }
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        func send(_ s: String) { input.fileHandleForWriting.write(Data((s + "\n").utf8)) }
        send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2026-11-01"}}"#)
        send(#"{"jsonrpc":"2.0","id":2,"method":"runs/subscribe","params":{}}"#)
        let create: JSONValue = ["jsonrpc": "2.0", "id": 3, "method": "runs/create", "params": [
            "input": "latency",
            "agent": ["script": ["turns": [["text": .string(String(repeating: "tok ", count: 300)), "chunks": 300, "chunk_delay_ms": 5]]]],
        ]]
        send(create.description)
        var latencies: [Double] = []
        var buffer = Data()
        let handle = output.fileHandleForReading
        outer: while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let nl = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<nl]
                buffer = Data(buffer[(nl + 1)...])
                let now = Date()
                guard let v = try? JSONParser.parse(Array(line)), v["method"] == "runs/event", let event = v["params"]?["event"] else { continue }
                if let ts = event["ts"]?.stringValue.flatMap(ISO8601.parse) { latencies.append(now.timeIntervalSince(ts) * 1000) }
                if event["type"] == "run.completed" { break outer }
            }
        }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        latencies.sort()
        if !latencies.isEmpty {
            print(String(format: "| event written → runs/event received (ts has ms resolution) | p50 %.1f ms, p95 %.1f ms, max %.1f ms over %d events | p50 ≤ 1 ms |",
                         latencies[latencies.count / 2], latencies[latencies.count * 95 / 100], latencies.last!, latencies.count))
        }
        try? FileManager.default.removeItem(atPath: dir)
    }
}
