import Foundation
import JSON
import Store

/// Durable steps as a client sees them: scripted runs of `steps` steps (a
/// model turn with a tool call, its events and its checkpoint in one synced
/// commit each) created over oi-host's stdio and followed to their end by
/// `runs/event` notifications. On SQLite it is printed beside the disk's
/// own floor measured in the same run: a loop of small synced commits
/// through the same store (WAL, synchronous=FULL).
enum PipeBench {
    struct Figure {
        var runs: Int
        var steps: Int
        var seconds: Double
        var checkpointBytes: (mean: Int, last: Int)
        var msPerStep: Double { seconds / Double(steps) * 1000 }
        var stepsPerSecond: Double { Double(steps) / seconds }
    }

    /// Milliseconds per synced commit of one small row.
    static func floor(directory: String, commits: Int = 500) async throws -> Double {
        let db = try await Database.open(.sqlite(path: (directory as NSString).appendingPathComponent("floor.sqlite")))
        try await db.transaction(.system) { c in _ = try c.execute("CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, body TEXT)") }
        let started = ContinuousClock.now
        for i in 0..<commits {
            try await db.transaction(.system) { c in _ = try c.execute("INSERT INTO floor (body) VALUES ($1)", [.text("step \(i)")]) }
        }
        let elapsed = ContinuousClock.now - started
        await db.close()
        return seconds(elapsed) / Double(commits) * 1000
    }

    /// `runs` runs of `steps` steps at once over one host; `databaseURL` nil is SQLite in a temp folder.
    static func steps(host: String, databaseURL: String?, runs: Int, steps: Int) throws -> Figure {
        let dir = NSTemporaryDirectory() + "oi-run-bench-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var env = ProcessInfo.processInfo.environment.merging([
            "DATA_DIR": dir, "OI_LOG_LEVEL": "error", "OI_CONFIG": "/nonexistent.json", "QUEUE_CONCURRENCY": String(runs),
        ]) { _, new in new }
        env["DATABASE_URL"] = databaseURL
        let process = Process()
        process.executableURL = URL(fileURLWithPath: host)
        process.environment = env
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var reader = LineReader(fd: output.fileHandleForReading.fileDescriptor)
        func send(_ value: JSONValue) { input.fileHandleForWriting.write(Data((value.description + "\n").utf8)) }
        let org = "bench_\(UUID().uuidString.prefix(8).lowercased())"
        send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["protocolVersion": "2026-11-01", "scope": ["org_id": .string(org), "user_id": "bench"]]])
        send(["jsonrpc": "2.0", "id": 2, "method": "runs/subscribe", "params": [:]])
        let script: JSONValue = [
            "turns": [["text": "working on it", "tool_calls": [["name": "file_list", "arguments": ["path": "."]]]]],
            "then": "repeat_last",
        ]
        let started = ContinuousClock.now
        for i in 0..<runs {
            send(["jsonrpc": "2.0", "id": .int(Int64(100 + i)), "method": "runs/create", "params": [
                "input": "benchmark", "session_key": .string("s_\(i)"),
                // The same call every step: doom-loop detection would end the run at the third.
                "agent": ["provider": "scripted", "max_steps": .int(Int64(steps)), "script": script, "doom_loop_threshold": 0],
            ]])
        }
        var ended: [String] = []
        var totalSteps = 0
        while ended.count < runs, let line = reader.next() {
            guard let v = try? JSONParser.parse(line), v["method"] == "runs/event", let event = v["params"]?["event"],
                  let type = event["type"]?.stringValue, ["run.completed", "run.failed", "run.cancelled"].contains(type) else { continue }
            ended.append(event["run_id"]?.stringValue ?? "")
            totalSteps += Int(event["payload"]?["steps"]?.intValue ?? 0)
        }
        let elapsed = ContinuousClock.now - started
        send(["jsonrpc": "2.0", "id": 3, "method": "runs/export", "params": ["run_id": .string(ended.first ?? "")]])
        var bytes: [Int] = []
        while let line = reader.next() {
            guard let v = try? JSONParser.parse(line), v["id"] == 3 else { continue }
            bytes = (v["result"]?["checkpoints"]?.arrayValue ?? []).dropFirst().compactMap { $0["bytes"]?.intValue }.map(Int.init)
            break
        }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return Figure(runs: runs, steps: totalSteps, seconds: seconds(elapsed),
                      checkpointBytes: (bytes.reduce(0, +) / max(bytes.count, 1), bytes.last ?? 0))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// Lines from a file descriptor, read with plain blocking reads.
struct LineReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    init(fd: Int32) { self.fd = fd }

    mutating func next() -> ArraySlice<UInt8>? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<nl])[...]
                start = nl + 1
                if start > 1 << 20 { buffer.removeFirst(start); start = 0 }
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }
}
