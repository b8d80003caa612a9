import Foundation
import RPC

// Measures the stdio host as a client sees it: cold start to the initialize
// response, and system/health round trips per second over one pipe, both
// one-at-a-time and pipelined; how fast it discards a line over its limit;
// LineFramer alone (FramerBench.swift); and the Codable bridge alone, old
// path against new (CodingBench.swift).
// Usage: rpc-bench [path/to/oi-host] [seconds] | rpc-bench --framer [MiB] | rpc-bench --coding [iterations]
//        rpc-bench --cpu path/to/oi-host path/to/echo.py [path/to/c-echo]   (CPUBench.swift, StartupBench.swift)

if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "--framer" {
    let mib = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 1024 : 1024
    framerFigures(discardBytes: mib << 20)
    exit(0)
}

if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "--coding" {
    try codingFigures(iterations: CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 20_000 : 20_000)
    exit(0)
}

if CommandLine.arguments.count > 3 && CommandLine.arguments[1] == "--cpu" {
    let args = CommandLine.arguments
    let startup = StartupBench(host: args[2])
    let cold = try startup.coldStartMillis()
    let version = try startup.versionCPUMillis()
    let rss = try startup.idleResidentMiB()
    let cpu = try CPUBench(host: args[2], pythonEcho: args[3], cEcho: args.count > 4 ? args[4] : nil).figures()
    print("| figure | value | goal |")
    print("|---|---|---|")
    for f in cpu {
        print(String(format: "| server CPU per request, %@ (32 in flight) | %.1f µs | %@ |", f.label, f.microsPerRequest,
                     f.label.hasPrefix("oi-host") ? "≤ 5 µs" : "baseline"))
    }
    print(String(format: "| cold start → initialize answered | median %.1f ms (min %.1f, max %.1f) | ≤ 10 ms |", cold.median, cold.min, cold.max))
    print(String(format: "| oi-host --version CPU | %.1f ms user + %.1f ms system | — |", version.user, version.system))
    print(String(format: "| idle RSS of a fresh host | %.1f MiB | ≤ 30 MB |", rss))
    exit(0)
}

let binary = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : ".build/release/oi-host"
let seconds = CommandLine.arguments.count > 2 ? Double(CommandLine.arguments[2]) ?? 3 : 3

final class Child: @unchecked Sendable {
    // @unchecked: used from one task at a time.
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    let reader: FileDescriptorReader
    // A plain blocking line reader for the measured loops, so the client's own
    // thread hops do not dominate what we measure (like a naive Python client).
    var buffer: [UInt8] = []
    var start = 0

    init() throws {
        process.executableURL = URL(fileURLWithPath: binary)
        var env = ProcessInfo.processInfo.environment
        env["OI_LOG_LEVEL"] = "error"
        env["OI_CONFIG"] = "/nonexistent.json"
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        reader = FileDescriptorReader(fd: output.fileHandleForReading.fileDescriptor, maxLineBytes: 1 << 24)
        try process.run()
    }

    func send(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

    func nextLine() async -> Bool { readLineBlocking() }

    func readLineBlocking() -> Bool {
        let fd = output.fileHandleForReading.fileDescriptor
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                start = nl + 1
                if start > 1 << 16 { buffer.removeFirst(start); start = 0 }
                return true
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return false }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    func close() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

let initialize = #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2026-11-01","clientInfo":{"name":"bench"}}}"# + "\n"
let health = #"{"jsonrpc":"2.0","id":1,"method":"system/health"}"# + "\n"

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

var starts: [Double] = []
for _ in 0..<21 {
    let t0 = ContinuousClock.now
    let child = try Child()
    child.send(initialize)
    _ = await child.nextLine()
    let d = ContinuousClock.now - t0
    starts.append(Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000)
    child.close()
}
print(String(format: "cold start → initialize response: median %.1f ms (min %.1f, max %.1f, n=%d)", median(starts), starts.min()!, starts.max()!, starts.count))

let child = try Child()
child.send(initialize)
_ = await child.nextLine()

// One request at a time: latency-bound.
var count = 0
var t0 = ContinuousClock.now
let limit = Duration.milliseconds(Int64(seconds * 1000))
while ContinuousClock.now - t0 < limit {
    child.send(health)
    _ = await child.nextLine()
    count += 1
}
var elapsed = ContinuousClock.now - t0
var secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "system/health one at a time: %.0f round trips/s (%.1f µs each)", Double(count) / secs, secs / Double(count) * 1e6))

// Pipelined: keep a window of requests in flight, as a busy client would.
let window = 64
let batch = String(repeating: health, count: window)
count = 0
t0 = ContinuousClock.now
while ContinuousClock.now - t0 < limit {
    child.send(batch)
    for _ in 0..<window { _ = await child.nextLine() }
    count += window
}
elapsed = ContinuousClock.now - t0
secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "system/health pipelined (window %d): %.0f round trips/s", window, Double(count) / secs))
child.close()

// A 256 MiB line, far over rpc.maxLineBytes: from its first byte to the
// -32600 answer, with the id read from the line's first bytes.
let oversized = try Child()
oversized.send(initialize)
_ = await oversized.nextLine()
let hugeBytes = 256 << 20
let padding = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
t0 = ContinuousClock.now
oversized.input.fileHandleForWriting.write(Data(#"{"jsonrpc":"2.0","id":7,"method":"system/health","params":{"pad":""#.utf8))
for _ in 0..<(hugeBytes >> 20) { oversized.input.fileHandleForWriting.write(Data(padding)) }
oversized.send("\"}}\n")
_ = await oversized.nextLine()
elapsed = ContinuousClock.now - t0
secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "a %d MiB line discarded by the host: %.2f s (%.0f MB/s through the pipe)", hugeBytes >> 20, secs, Double(hugeBytes) / 1e6 / secs))
oversized.close()

framerFigures(discardBytes: 1 << 30)
try codingFigures(iterations: 20_000)
