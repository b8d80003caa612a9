import Foundation
import JSON

/// Server CPU time per request: a server is spawned, sent `count` requests
/// with `window` in flight, and its user + system time read from
/// `/proc/<pid>/stat` before and after — so only the server's own work
/// counts, not the client's. Measured for oi-host (`system/health` and
/// `runs/get`) beside a naive Python echo and a C echo in the same run.
struct CPUBench {
    let host: String
    let pythonEcho: String
    let cEcho: String?
    var count = 20_000
    var window = 32

    struct Figure {
        var label: String
        var microsPerRequest: Double
        var wallSeconds: Double
    }

    func figures() throws -> [Figure] {
        var out: [Figure] = []
        let dir = NSTemporaryDirectory() + "oi-rpc-bench-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["DATA_DIR": dir, "OI_LOG_LEVEL": "error", "OI_CONFIG": "/nonexistent.json"]
        do {
            let server = try Server(executable: host, arguments: [], environment: env)
            defer { server.close() }
            _ = try server.call(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2026-11-01"}}"#)
            out.append(try measure("oi-host system/health", server) { #"{"jsonrpc":"2.0","id":\#($0),"method":"system/health"}"# })
            let created = try server.call(#"{"jsonrpc":"2.0","id":1,"method":"runs/create","params":{"input":"bench","agent":{"provider":"scripted"}}}"#)
            guard let runID = created["result"]?["run_id"]?.stringValue else { throw BenchError("runs/create answered \(created)") }
            out.append(try measure("oi-host runs/get", server) { #"{"jsonrpc":"2.0","id":\#($0),"method":"runs/get","params":{"run_id":"\#(runID)"}}"# })
        }
        do {
            let server = try Server(executable: "/usr/bin/env", arguments: ["python3", pythonEcho], environment: [:])
            defer { server.close() }
            out.append(try measure("python echo (json.loads/dumps)", server) { #"{"jsonrpc":"2.0","id":\#($0),"method":"system/health"}"# })
        }
        if let cEcho {
            let server = try Server(executable: cEcho, arguments: [], environment: [:])
            defer { server.close() }
            out.append(try measure("C echo (no parsing)", server) { #"{"jsonrpc":"2.0","id":\#($0),"method":"system/health"}"# })
        }
        return out
    }

    private func measure(_ label: String, _ server: Server, request: (Int) -> String) throws -> Figure {
        // Warm up (page faults, lazy initialisation), then measure.
        try server.pump(count: 2_000, window: window, request: request)
        let before = try server.cpuSeconds()
        let started = ContinuousClock.now
        try server.pump(count: count, window: window, request: request)
        let wall = ContinuousClock.now - started
        let cpu = try server.cpuSeconds() - before
        return Figure(label: label, microsPerRequest: cpu / Double(count) * 1e6,
                      wallSeconds: Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A child process spoken to in lines over pipes, read with plain blocking
/// reads (the client's own cost stays out of the server's CPU time anyway).
final class Server {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer: [UInt8] = []
    private var start = 0

    init(executable: String, arguments: [String], environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func send(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    func readLine() throws -> ArraySlice<UInt8> {
        let fd = output.fileHandleForReading.fileDescriptor
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<nl]
                start = nl + 1
                if start > 1 << 16 { buffer.removeFirst(start); start = 0 }
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { throw BenchError("the server closed its output") }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    func call(_ request: String) throws -> JSONValue {
        send(request + "\n")
        return try JSONParser.parse(Array(readLine()))
    }

    /// `count` requests, keeping `window` of them in flight.
    func pump(count: Int, window: Int, request: (Int) -> String) throws {
        var sent = 0
        var first = String()
        while sent < min(window, count) { first += request(100 + sent) + "\n"; sent += 1 }
        send(first)
        for _ in 0..<count {
            _ = try readLine()
            if sent < count { send(request(100 + sent) + "\n"); sent += 1 }
        }
    }

    /// utime + stime of the process so far, in seconds.
    func cpuSeconds() throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)
        // Fields after the command name (which may hold spaces) start after the last ')'.
        guard let close = stat.lastIndex(of: ")") else { throw BenchError("unreadable /proc stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3); utime and stime are fields 14 and 15.
        guard fields.count > 13, let utime = Double(fields[11]), let stime = Double(fields[12]) else { throw BenchError("unreadable /proc stat") }
        return (utime + stime) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resident memory now, in MiB.
    func residentMiB() throws -> Double {
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = Double(line.split(separator: " ").dropFirst().first ?? "") else { throw BenchError("no VmRSS") }
        return kib / 1024
    }

    func close() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
