import Foundation
import JSON

/// oi-host over its stdio with 32 requests in flight: the rate the adapter is measured against.
final class DirectRPC {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer: [UInt8] = []
    private var start = 0

    init(host: String, environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: host)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        send(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2026-11-01"}}"# + "\n")
        _ = try readLine()
    }

    private func send(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

    private func readLine() throws {
        let fd = output.fileHandleForReading.fileDescriptor
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                start = nl + 1
                if start > 1 << 16 { buffer.removeFirst(start); start = 0 }
                return
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { throw BenchError("oi-host closed its output") }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// Requests per second over `seconds`, 32 in flight.
    func rate(method: String, params: String, seconds: Int) throws -> Double {
        func request(_ id: Int) -> String { #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"# + "\n" }
        var sent = 0
        for _ in 0..<32 { send(request(100 + sent)); sent += 1 }
        var answered = 0
        let started = Date()
        let end = started.addingTimeInterval(TimeInterval(seconds))
        while Date() < end {
            try readLine()
            answered += 1
            send(request(100 + sent)); sent += 1
        }
        for _ in 0..<32 { try readLine() }
        return Double(answered) / Date().timeIntervalSince(started)
    }

    func close() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
