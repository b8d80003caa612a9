import Foundation
import HTTP
import JSON
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `clients` event streams on one run of `steps` steps of 24 tool calls
/// (about 50 events a step), connected before it starts: how long each event
/// takes from its `ts` to each client, whether every client got every event
/// once, and the adapter's memory meanwhile.
struct SSEFanOut {
    let api: API
    let clients: Int
    let steps: Int
    let adapterPID: Int32

    struct Result {
        var events = 0
        var complete = 0
        var p50 = 0
        var p99 = 0
        var max = 0
        var peakRSSKiB = 0
        var idleRSSKiB = 0
    }

    func measure() throws -> Result {
        let calls: [JSONValue] = (0..<24).map { _ in ["name": "file_list", "arguments": ["path": "."]] }
        var turns: [JSONValue] = [["text": "", "tool_calls": .array(calls), "delay_ms": 3000]]
        turns += (1..<steps).map { _ in ["text": "", "tool_calls": .array(calls)] }
        turns.append(["text": "done"])
        var result = Result()
        result.idleRSSKiB = Memory.of(adapterPID).rss
        let runID = try api.createRun(["input": "fan out", "agent": ["script": ["turns": .array(turns)], "max_steps": .int(Int64(steps + 5)), "doom_loop_threshold": 0]])
        let latencies = Mutex<[Int]>([])
        let seqs = Mutex<[[Int64]]>([])
        let group = DispatchGroup()
        for _ in 0..<clients {
            group.enter()
            Thread {
                defer { group.leave() }
                guard let (received, delays) = try? Self.follow(port: api.port, token: api.token, runID: runID) else { return }
                latencies.withLock { $0 += delays }
                seqs.withLock { $0.append(received) }
            }.start()
        }
        var peak = 0
        while group.wait(timeout: .now() + .milliseconds(100)) == .timedOut { peak = Swift.max(peak, Memory.of(adapterPID).rss) }
        let run = try api.waitCompleted(runID)
        result.events = Int(run["event_count"]?.intValue ?? 0)
        let expected = Array(1...Int64(result.events))
        result.complete = seqs.withLock { $0.filter { $0 == expected }.count }
        let sorted = latencies.withLock { $0.sorted() }
        if !sorted.isEmpty {
            result.p50 = sorted[sorted.count / 2]
            result.p99 = sorted[Swift.min(sorted.count - 1, sorted.count * 99 / 100)]
            result.max = sorted[sorted.count - 1]
        }
        result.peakRSSKiB = Swift.max(peak, Memory.of(adapterPID).peak)
        return result
    }

    /// One client: a bare socket, the stream read to its end.
    static func follow(port: Int, token: String, runID: String) throws -> ([Int64], [Int]) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { throw BenchError("connect failed") }
        let request = Array("GET /api/runs/\(runID)/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var parser = SSEParser()
        var seqs: [Int64] = [], delays: [Int] = []
        var headerDone = false
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var done = false
        while !done {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            let now = Date()
            pending += chunk[0..<n]
            if !headerDone {
                guard let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) else { continue }
                pending.removeSubrange(0..<end.upperBound)
                headerDone = true
            }
            // Chunked transfer coding: size line, data, CRLF.
            var body: [UInt8] = []
            while let line = pending.firstRange(of: Array("\r\n".utf8)) {
                guard let size = Int(String(decoding: pending[0..<line.lowerBound], as: UTF8.self), radix: 16) else { break }
                if size == 0 { done = true; break }
                guard pending.count >= line.upperBound + size + 2 else { break }
                body += pending[line.upperBound..<(line.upperBound + size)]
                pending.removeSubrange(0..<(line.upperBound + size + 2))
            }
            parser.feed(body) { event in
                guard event.event == "run.event", let json = try? JSONParser.parse(event.data), let seq = json["seq"]?.intValue else { return }
                seqs.append(seq)
                if let ts = json["ts"]?.stringValue.flatMap(ISO8601.parse) {
                    delays.append(Swift.max(0, Int(now.timeIntervalSince(ts) * 1000)))
                }
                if json["type"] == "run.completed" { done = true }
            }
        }
        return (seqs, delays)
    }
}
