import Foundation
import JSON

// adapter-bench: the REST adapter beside the direct RPC it translates, in one
// run (bench/README.md). `wrk` at 32 connections on GET /api/runs/:id and
// GET /api/health, beside the same methods pipelined 32 deep over oi-host's
// stdio; then 100 SSE clients on one ~5,000-event run (delivery latency from
// the event's ts to its arrival) and the adapter's RSS under that load.
//
//   adapter-bench [--bin DIR] [--seconds 10] [--clients 100] [--steps 100]

var bin = ".build/release"
var seconds = 10
var clients = 100
var steps = 100
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    switch flag {
    case "--bin": bin = arguments.popFirst() ?? bin
    case "--seconds": seconds = Int(arguments.popFirst() ?? "") ?? seconds
    case "--clients": clients = Int(arguments.popFirst() ?? "") ?? clients
    case "--steps": steps = Int(arguments.popFirst() ?? "") ?? steps
    default: FileHandle.standardError.write(Data("usage: adapter-bench [--bin DIR] [--seconds N] [--clients N] [--steps N]\n".utf8)); exit(2)
    }
}

do {
    let dir = NSTemporaryDirectory() + "oi-adapter-bench-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let env = ["DATA_DIR": dir, "OI_LOG_LEVEL": "error", "OI_CONFIG": "/nonexistent.json"]
    let token = try Command.output(bin + "/oi-host", ["tokens", "create", "--org", "bench", "--user", "ann"], environment: env)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    let adapter = try AdapterUnderTest(bin: bin, environment: env)
    defer { adapter.stop() }
    let api = API(port: adapter.port, token: token)
    let runID = try api.createRun(["input": "bench"])
    try api.waitCompleted(runID)

    print("| figure | adapter (wrk -c32) | direct RPC (32 in flight) | adapter / direct | CPU per request: adapter + its host |")
    print("|---|---|---|---|---|")
    let hostPID = Int32(try api.call("GET", "/api/health")["pid"]?.intValue ?? 0)
    let direct = try DirectRPC(host: bin + "/oi-host", environment: env)
    for (label, path, method, params) in [
        ("GET /api/runs/:id → runs/get", "/api/runs/\(runID)", "runs/get", #"{"run_id":"\#(runID)","scope":{"org_id":"bench","user_id":"ann"}}"#),
        ("GET /api/health → system/health", "/api/health", "system/health", "{}"),
    ] {
        let (adapterBefore, hostBefore) = (CPU.seconds(adapter.pid), CPU.seconds(hostPID))
        let http = try Wrk.run(url: "http://127.0.0.1:\(adapter.port)\(path)", token: token, seconds: seconds)
        let adapterCPU = (CPU.seconds(adapter.pid) - adapterBefore) / http.requests * 1e6
        let hostCPU = (CPU.seconds(hostPID) - hostBefore) / http.requests * 1e6
        let rpc = try direct.rate(method: method, params: params, seconds: seconds)
        print("| \(label) | \(Int(http.requestsPerSecond)) req/s, p99 \(String(format: "%.2f", http.p99Ms)) ms | \(Int(rpc)) req/s | "
              + "\(String(format: "%.0f", 100 * http.requestsPerSecond / rpc)) % | \(String(format: "%.1f", adapterCPU)) + \(String(format: "%.1f", hostCPU)) µs |")
    }
    direct.close()
    print("")

    let fan = try SSEFanOut(api: api, clients: clients, steps: steps, adapterPID: adapter.pid).measure()
    print("| SSE figure | value |")
    print("|---|---|")
    print("| run events | \(fan.events) |")
    print("| clients that received every event once | \(fan.complete) / \(clients) |")
    print("| delivery latency (event ts → client), p50 / p99 / max | \(fan.p50) / \(fan.p99) / \(fan.max) ms |")
    print("| adapter RSS under that load (peak VmHWM) | \(fan.peakRSSKiB / 1024) MiB |")
    print("| adapter RSS idle before it | \(fan.idleRSSKiB / 1024) MiB |")
} catch {
    FileHandle.standardError.write(Data("adapter-bench: \(error)\n".utf8))
    exit(1)
}
