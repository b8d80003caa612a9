import Foundation
import JSON

/// A few REST calls the benchmark makes with curl (setup, not measured).
struct API {
    let port: Int
    let token: String

    func call(_ method: String, _ path: String, _ body: JSONValue? = nil) throws -> JSONValue {
        var args = ["-s", "-X", method, "-H", "Authorization: Bearer \(token)", "http://127.0.0.1:\(port)\(path)"]
        if let body { args += ["-H", "Content-Type: application/json", "-d", body.description] }
        return try JSONParser.parse(try Command.output("/usr/bin/curl", args))
    }

    func createRun(_ body: JSONValue) throws -> String {
        let run = try call("POST", "/api/runs", body)
        guard let id = run["run_id"]?.stringValue else { throw BenchError("POST /api/runs answered \(run)") }
        return id
    }

    @discardableResult
    func waitCompleted(_ runID: String, timeout: TimeInterval = 300) throws -> JSONValue {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let run = try call("GET", "/api/runs/\(runID)")
            if run["status"] == "completed" { return run }
            if run["status"] == "failed" { throw BenchError("run failed: \(run)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw BenchError("run \(runID) did not complete")
    }
}

/// `wrk -t2 -c32 --latency`: requests per second and the 99th percentile.
enum Wrk {
    struct Figure {
        let requestsPerSecond: Double
        let p99Ms: Double
        let requests: Double
    }

    static func run(url: String, token: String, seconds: Int) throws -> Figure {
        let out = try Command.output("/usr/bin/wrk", ["-t2", "-c32", "-d\(seconds)s", "--latency", "-H", "Authorization: Bearer \(token)", url])
        guard let rps = out.split(separator: "\n").first(where: { $0.contains("Requests/sec:") })
                .flatMap({ Double($0.split(separator: " ").last ?? "") }),
              let p99 = out.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("99%") })
                .flatMap({ $0.split(separator: " ").last }).map(milliseconds)
        else { throw BenchError("unreadable wrk output:\n\(out)") }
        if out.contains("Non-2xx") { throw BenchError("wrk saw errors:\n\(out)") }
        let total = out.split(separator: "\n").first { $0.contains("requests in") }.flatMap { Double($0.split(separator: " ").first ?? "") } ?? 0
        return Figure(requestsPerSecond: rps, p99Ms: p99, requests: total)
    }

    /// `812.00us`, `3.21ms`, `1.02s` → milliseconds.
    static func milliseconds(_ text: Substring) -> Double {
        if text.hasSuffix("us") { return (Double(text.dropLast(2)) ?? 0) / 1000 }
        if text.hasSuffix("ms") { return Double(text.dropLast(2)) ?? 0 }
        if text.hasSuffix("s") { return (Double(text.dropLast(1)) ?? 0) * 1000 }
        return Double(text) ?? 0
    }
}
