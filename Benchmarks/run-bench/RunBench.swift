import Foundation
import RPC
import Runtime
import Store

// The agent loop with durable checkpoints, measured: steps per second of a
// scripted 200-step run (each step: a model turn with a tool call, its
// events and its checkpoint in one transaction), checkpoint bytes per step,
// and the latency from an event's write to its `runs/event` notification
// over a real pipe.
//
// Usage: run-bench [--postgres URL] [--host path/to/oi-host]

@main
struct RunBench {
    static func main() async throws {
        let args = CommandLine.arguments
        let pg = args.firstIndex(of: "--postgres").map { args[$0 + 1] }
        let hostPath = args.firstIndex(of: "--host").map { args[$0 + 1] } ?? ".build/release/oi-host"
        try await loop(label: "sqlite", databaseURL: nil)
        if let pg { try await loop(label: "postgres", databaseURL: pg) }
        try await latency(host: hostPath)
    }

    static func loop(label: String, databaseURL: String?) async throws {
        let dir = NSTemporaryDirectory() + "oi-run-bench-\(UUID().uuidString)"
        var env = ["DATA_DIR": dir, "OI_CONFIG": "/nonexistent.json"]
        if let databaseURL { env["DATABASE_URL"] = databaseURL }
        let config = try Config.load(environment: env)
        let engine = try await Engine.open(config: config)
        let steps = 200
        var agent = AgentSpec()
        agent.maxSteps = steps + 1
        agent.script = try JSONValueCoding.decode(ScriptedProvider.Script.self, from: [
            "turns": [["text": "working on it", "tool_calls": [["name": "file_list", "arguments": ["path": "."]]]]],
            "then": "repeat_last",
        ])
        let scope = try Scope(orgID: "bench", userID: "bench")
        let worker = Task { await engine.queue.run() }
        let started = ContinuousClock.now
        let run = try await engine.runs.create(CreateRun(input: "benchmark", agent: agent), in: scope).run
        var final = run
        while !final.status.isTerminal {
            try await Task.sleep(for: .milliseconds(20))
            final = try await engine.runs.get(run.id, in: scope)
        }
        let elapsed = ContinuousClock.now - started
        engine.queue.shutdown()
        await worker.value
        let checkpoints = try await engine.runs.export(run.id, in: scope, types: ["run.completed"]).checkpoints
        let bytes = checkpoints.dropFirst().map(\.bytes)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let done = checkpoints.count - 1
        print(String(format: "[%@] %d durable steps in %.2f s: %.0f steps/s (%.2f ms/step); checkpoint bytes per step: mean %d, first %d, last %d (stop: %@)",
                     label, done, seconds, Double(done) / seconds, seconds / Double(max(done, 1)) * 1000,
                     bytes.reduce(0, +) / max(bytes.count, 1), bytes.first ?? 0, bytes.last ?? 0, final.stopReason ?? "?"))
        await engine.close()
        try? FileManager.default.removeItem(atPath: dir)
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
            print(String(format: "event written → runs/event received: p50 %.1f ms, p95 %.1f ms, max %.1f ms over %d events (ts has ms resolution)",
                         latencies[latencies.count / 2], latencies[latencies.count * 95 / 100], latencies.last!, latencies.count))
        }
        try? FileManager.default.removeItem(atPath: dir)
    }
}
