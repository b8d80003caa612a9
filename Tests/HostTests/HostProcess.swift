import Foundation
import RPC

#if canImport(Glibc)
import Glibc
#endif

/// A real `oi-host` child process driven over its stdin/stdout pipes, the way
/// an editor or the adapter drives it. Every stdout line is parsed as JSON;
/// anything else is recorded as a protocol violation.
final class HostProcess: @unchecked Sendable {
    // @unchecked: `process` and the pipes are set up once in init; the reader
    // is Sendable; `violations` is guarded by `lock`.
    let process = Process()
    private let stdin = Pipe()
    private let stdout = Pipe()
    let stderr = Pipe()
    private let reader: FileDescriptorReader
    private let lock = NSLock()
    private var _violations: [String] = []
    private var nextID: Int64 = 1000

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["OI_HOST_BIN"] { return path }
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("oi-host").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return packageRoot + "/.build/debug/oi-host"
    }

    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    init(arguments: [String] = [], environment: [String: String] = [:], directory: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["OI_LOG_LEVEL"] = env["OI_LOG_LEVEL"] ?? "warning"
        env["OI_CONFIG"] = "/nonexistent/agent.config.json"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        reader = FileDescriptorReader(fd: stdout.fileHandleForReading.fileDescriptor, maxLineBytes: 64 << 20)
        try process.run()
        reader.start()
    }

    var violations: [String] { lock.withLock { _violations } }

    func send(_ line: String) { sendBytes(Array((line + "\n").utf8)) }

    func sendBytes(_ bytes: [UInt8]) {
        try? stdin.fileHandleForWriting.write(contentsOf: Data(bytes))
    }

    func closeStdin() { try? stdin.fileHandleForWriting.close() }

    /// The next stdout line as JSON, or nil on EOF / timeout.
    func next(timeout: Duration = .seconds(20)) async -> JSONValue? {
        await withTaskGroup(of: JSONValue??.self) { group in
            group.addTask { [reader] in
                while let event = await reader.events.next() {
                    guard case .line(let bytes) = event else { continue }
                    if let v = try? JSONParser.parse(bytes) { return .some(v) }
                    self.lock.withLock { self._violations.append(String(decoding: bytes, as: UTF8.self)) }
                    return .some(nil)
                }
                return .some(nil)
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? nil
        }
    }

    /// Sends a request and returns the whole response message.
    func call(_ method: String, _ params: JSONValue? = nil) async -> JSONValue? {
        nextID += 1
        var message: [String: JSONValue] = ["jsonrpc": "2.0", "id": .int(nextID), "method": .string(method)]
        if let params { message["params"] = params }
        send(JSONValue.object(message).description)
        return await next()
    }

    @discardableResult
    func initialize(scope: JSONValue? = nil) async -> JSONValue? {
        var params: [String: JSONValue] = ["protocolVersion": "2026-11-01", "clientInfo": ["name": "host-tests"]]
        if let scope { params["scope"] = scope }
        return await call("initialize", .object(params))
    }

    /// Waits for the process to exit; nil if it is still running after `timeout`.
    func waitExit(timeout: Duration = .seconds(10)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    func stop() {
        if process.isRunning { process.terminate() }
    }

    deinit { if process.isRunning { process.terminate() } }
}

/// Schemas from the repository's `schemas/` directory.
enum SchemaFiles {
    static func load(_ relative: String) throws -> JSONValue {
        let path = HostProcess.packageRoot + "/schemas/" + relative
        guard let data = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileNoSuchFile) }
        return try JSONParser.parse(data)
    }

    static func failures(of value: JSONValue, method: String, part: String = "result") throws -> [SchemaValidator.Failure] {
        let schema = try load("methods/\(method.replacingOccurrences(of: "/", with: ".")).\(part).json")
        return SchemaValidator.validate(value, against: schema, path: part)
    }
}
