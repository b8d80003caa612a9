// scale-bench: N oi-host workers on one PostgreSQL execute scripted runs whose
// steps wait on I/O (the scripted model sleeps `--delay-ms` per step, one
// side-effecting tool call per run). Per N it prints throughput, double
// executions, lost runs, runs resumed after a worker was killed, and the
// delivery lag of events executed by other workers to a subscriber on
// worker 0. `bench/scale` runs it; bench/README.md has the figures.
import Foundation
import JSON

#if canImport(Glibc)
import Glibc
#endif

@main
struct ScaleBench {
    struct Options {
        var host = ".build/release/oi-host"
        var postgres = ""
        var workers = [1, 2, 4, 8]
        var runs = 400
        var delayMs = 200
        var kill = true
        var restartCommand: String?
        var timeout: Double = 900
    }

    static func main() throws {
        var o = Options()
        var args = Array(CommandLine.arguments.dropFirst())
        while !args.isEmpty {
            let flag = args.removeFirst()
            func value() -> String { args.isEmpty ? "" : args.removeFirst() }
            switch flag {
            case "--host": o.host = value()
            case "--postgres": o.postgres = value()
            case "--workers": o.workers = value().split(separator: ",").compactMap { Int($0) }
            case "--runs": o.runs = Int(value()) ?? o.runs
            case "--delay-ms": o.delayMs = Int(value()) ?? o.delayMs
            case "--no-kill": o.kill = false
            case "--restart-cmd": o.restartCommand = value()
            case "--timeout": o.timeout = Double(value()) ?? o.timeout
            default:
                FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
                exit(2)
            }
        }
        guard !o.postgres.isEmpty else {
            FileHandle.standardError.write(Data("usage: scale-bench --postgres URL [--host oi-host] [--workers 1,2,4,8] [--runs 400] [--delay-ms 200] [--no-kill] [--restart-cmd CMD]\n".utf8))
            exit(2)
        }
        printLine("| workers | runs | wall s | runs/s | steps/s | × one worker | double executions | lost runs | resumed after kill -9 | cross-worker event lag p50 / p95 / max |")
        printLine("|---|---|---|---|---|---|---|---|---|---|")
        var base: Double?
        var rounds = o.workers.map { ($0, false) }
        if o.restartCommand != nil, let most = o.workers.max() { rounds.append((most, true)) }
        for (n, restart) in rounds {
            let r = try Round(workers: n, options: o, restart: restart).run()
            if n == 1 && !restart { base = r.runsPerSecond }
            let speedup = base.map { String(format: "%.2f", r.runsPerSecond / $0) } ?? "—"
            let label = restart ? "\(n) + PostgreSQL restart" : "\(n)"
            printLine(String(format: "| %@ | %d | %.1f | %.2f | %.1f | %@ | %d | %d | %d%@ | %.1f / %.1f / %.1f ms (%d events) |",
                         label, r.completed, r.seconds, r.runsPerSecond, r.stepsPerSecond, speedup, r.doubles, r.lost, r.resumed,
                         r.killed ? "" : " (no kill)", r.lag.p50, r.lag.p95, r.lag.max, r.lag.count))
        }
    }
}

/// One worker process: oi-host on pipes.
final class Worker {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    var reader: LineReader

    init(host: String, env: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: host)
        process.environment = ProcessInfo.processInfo.environment.merging(env) { _, new in new }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        reader = LineReader(fd: output.fileHandleForReading.fileDescriptor)
    }

    var pid: Int32 { process.processIdentifier }

    func send(_ value: JSONValue) { input.fileHandleForWriting.write(Data((value.description + "\n").utf8)) }

    /// Reads until the answer to `id`.
    func answer(_ id: Int64) -> JSONValue? {
        while let line = reader.next() {
            if let v = try? JSONParser.parse(line), v["id"]?.intValue == id { return v }
        }
        return nil
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

struct Round {
    let workers: Int
    let options: ScaleBench.Options
    let restart: Bool

    struct Result {
        var completed = 0
        var seconds = 0.0
        var steps = 0
        var doubles = 0
        var lost = 0
        var resumed = 0
        var killed = false
        var lag = Lag()
        var runsPerSecond: Double { Double(completed) / max(seconds, 0.001) }
        var stepsPerSecond: Double { Double(steps) / max(seconds, 0.001) }
    }

    struct Lag {
        var samples: [Double] = []
        var count: Int { samples.count }
        var p50: Double { pick(0.5) }
        var p95: Double { pick(0.95) }
        var max: Double { samples.max() ?? 0 }
        func pick(_ q: Double) -> Double {
            guard !samples.isEmpty else { return 0 }
            let sorted = samples.sorted()
            return sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count) * q))]
        }
    }

    func run() throws -> Result {
        let org = "scale_\(workers)_\(UUID().uuidString.prefix(8).lowercased())"
        let dirs = (0..<workers).map { _ in NSTemporaryDirectory() + "oi-scale-\(UUID().uuidString)" }
        defer { for dir in dirs { try? FileManager.default.removeItem(atPath: dir) } }
        let hosts = try dirs.map { dir in
            try Worker(host: options.host, env: ["DATABASE_URL": options.postgres, "DATA_DIR": dir, "QUEUE_CONCURRENCY": "1",
                                                 "OI_LOG_LEVEL": "error", "OI_CONFIG": "/nonexistent.json", "AGENT_ORG_ID": org, "AGENT_USER_ID": "bench"])
        }
        defer { for host in hosts { host.stop() } }
        for host in hosts {
            host.send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["protocolVersion": "2026-11-01"]])
            _ = host.answer(1)
        }
        let driver = hosts[0]
        driver.send(["jsonrpc": "2.0", "id": 2, "method": "runs/subscribe", "params": [:]])
        let script: JSONValue = ["turns": [
            ["text": "", "delay_ms": .int(Int64(options.delayMs)),
             "tool_calls": [["name": "file_write", "arguments": ["path": "scale/out.txt", "content": "step"]]]],
            ["text": "done", "delay_ms": .int(Int64(options.delayMs))],
        ]]
        let started = Date()
        for i in 0..<options.runs {
            driver.send(["jsonrpc": "2.0", "id": .int(Int64(1000 + i)), "method": "runs/create", "params": [
                "input": "scale", "session_key": .string("s_\(i)"), "agent": ["provider": "scripted", "script": script, "max_steps": 5],
            ]])
        }
        // A watchdog: past the timeout, worker 0 is stopped and the reader sees EOF.
        let finished = Latch()
        let driverPID = driver.pid, timeout = options.timeout
        Thread {
            if !finished.wait(seconds: timeout) { kill(driverPID, SIGTERM) }
        }.start()
        var result = Result()
        var ids: Set<String> = []
        var completed: Set<String> = []
        var executor: [String: Int32] = [:]
        var last = started
        let victim = hosts.count > 1 && options.kill ? hosts[hosts.count - 1] : nil
        var restarted = false
        while completed.count < options.runs, let line = driver.reader.next() {
            let now = Date()
            guard let v = try? JSONParser.parse(line) else { continue }
            if let id = v["id"]?.intValue, id >= 1000, let runID = v["result"]?["run_id"]?.stringValue { ids.insert(runID); continue }
            guard v["method"] == "runs/event", let event = v["params"]?["event"], let runID = event["run_id"]?.stringValue,
                  let type = event["type"]?.stringValue else { continue }
            if type == "run.started" || type == "run.resumed", let worker = event["payload"]?["worker"]?.stringValue {
                executor[runID] = worker.split(separator: ":").dropFirst().first.flatMap { Int32($0) }
            }
            // Lag of events written just before their commit, executed by another worker than the subscriber's.
            if type == "step.completed" || type == "run.completed", executor[runID] != driver.pid,
               let ts = event["ts"]?.stringValue.flatMap(ISO8601.parse) {
                result.lag.samples.append(now.timeIntervalSince(ts) * 1000)
            }
            if type == "run.completed" {
                completed.insert(runID)
                result.steps += Int(event["payload"]?["steps"]?.intValue ?? 0)
                last = now
            }
            // Killed between a run's two steps (after the tool step's commit), so that run must resume elsewhere.
            if let victim, !result.killed, completed.count >= options.runs / 2, type == "step.completed",
               event["payload"]?["result_type"] == "tool_call", executor[runID] == victim.pid {
                kill(victim.pid, SIGKILL)
                result.killed = true
            }
            if restart, !restarted, completed.count >= options.runs / 3, let command = options.restartCommand {
                restarted = true
                Thread { _ = shell(command) }.start()
            }
        }
        finished.open()
        result.seconds = last.timeIntervalSince(started)
        result.completed = completed.count
        // What the database recorded: every run's steps and tool calls.
        var pending: [Int64: String] = [:]
        for (i, id) in ids.sorted().enumerated() {
            let rid = Int64(100_000 + i)
            pending[rid] = id
            driver.send(["jsonrpc": "2.0", "id": .int(rid), "method": "runs/events", "params": [
                "run_id": .string(id), "limit": 1000, "type": ["step.completed", "tool.called", "run.completed", "run.resumed"],
            ]])
        }
        var done = 0
        while !pending.isEmpty, let line = driver.reader.next() {
            guard let v = try? JSONParser.parse(line), let rid = v["id"]?.intValue, pending.removeValue(forKey: rid) != nil else { continue }
            let events = v["result"]?["events"]?.arrayValue ?? []
            let steps = events.filter { $0["type"] == "step.completed" }.compactMap { $0["step"]?.intValue }
            let calls = events.filter { $0["type"] == "tool.called" }.compactMap { $0["payload"]?["call_id"]?.stringValue }
            let ends = events.filter { $0["type"] == "run.completed" }.count
            result.doubles += (steps.count - Set(steps).count) + (calls.count - Set(calls).count) + max(0, ends - 1)
            if ends == 1 { done += 1 }
            if events.contains(where: { $0["type"] == "run.resumed" }) { result.resumed += 1 }
        }
        result.lost = options.runs - done
        return result
    }
}

/// A one-shot signal with a timed wait, for the watchdog thread.
final class Latch: @unchecked Sendable {
    // @unchecked: `open` is guarded by `condition`.
    private let condition = NSCondition()
    private var isOpen = false

    func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }

    /// True if opened within `seconds`.
    func wait(seconds: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while !isOpen { if !condition.wait(until: deadline) { return isOpen } }
        return true
    }
}

/// A line on stdout at once (the rounds take minutes).
func printLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

@discardableResult
func shell(_ command: String) -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", command]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try? p.run()
    p.waitUntilExit()
    return p.terminationStatus
}

/// Lines from a pipe, read with blocking reads.
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
