import Foundation
import HTTP
import RPC
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A real `oi-adapter` (with its own `oi-host` child) on a free port, for
/// tests that speak HTTP to it. Its stderr (and the host's) is read all the
/// time, so their logs never block them; the lines are kept for diagnosis.
final class AdapterProcess: @unchecked Sendable {
    // @unchecked: everything is set once in `start`; `log` is a Mutex.
    let process: SpawnedChild
    let port: Int
    private let stderr: ExclusivePipe
    private let log: LogLines

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static var binary: String {
        (HostProcess.binary as NSString).deletingLastPathComponent + "/oi-adapter"
    }

    private init(process: SpawnedChild, port: Int, stderr: ExclusivePipe, log: LogLines) {
        self.process = process
        self.port = port
        self.stderr = stderr
        self.log = log
    }

    /// Starts an adapter over `storage` and waits for its "listening on" line.
    static func start(_ storage: TestStorage, arguments: [String] = [], environment: [String: String] = [:]) async throws -> AdapterProcess {
        var env = ProcessInfo.processInfo.environment
        for key in CLIProcess.unset { env[key] = nil }
        env["OI_LOG_LEVEL"] = "warning"
        env["OI_CONFIG"] = "/nonexistent/agent.config.json"
        for (k, v) in storage.environment { env[k] = v }
        for (k, v) in environment { env[k] = v }
        let stderr = ExclusivePipe()
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(null) }
        let child: SpawnedChild
        do {
            defer { stderr.closeChildEnd() }
            child = try SpawnedChild(binary, arguments: ["--port", "0", "--log-level", "notice", "--host-binary", HostProcess.binary] + arguments,
                                     environment: env, stdin: null, stdout: null, stderr: stderr.childEnd.fileDescriptor)
        }
        let lines = LogLines()
        let found = LogLines()
        FileDescriptorReader.spawn(
            fd: fcntl(stderr.fileHandleForReading.fileDescriptor, F_DUPFD_CLOEXEC, 0), maxLineBytes: 1 << 20, closeWhenDone: true,
            onEvent: { event in
                guard case .line(let bytes) = event else { return true }
                let line = String(decoding: bytes, as: UTF8.self)
                lines.append(line)
                if let range = line.range(of: "listening on http://"), found.port == nil {
                    found.port = line[range.upperBound...].split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }
                }
                return true
            },
            onEnd: {})
        let deadline = ContinuousClock.now + .seconds(60)
        while found.port == nil {
            if !child.isRunning || ContinuousClock.now > deadline {
                child.terminate()
                throw AdapterStartFailure(log: lines.text)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return AdapterProcess(process: child, port: found.port!, stderr: stderr, log: lines)
    }

    var logText: String { log.text }

    struct Reply: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let bytes: [UInt8]
        var json: JSONValue { (try? JSONParser.parse(bytes)) ?? .null }
        var text: String { String(decoding: bytes, as: UTF8.self) }
        var errorCode: String? { json["error"]?["code"]?.stringValue }
    }

    /// One request; `scope` becomes x-org-id / x-user-id / x-project-id headers.
    func send(_ method: String, _ path: String, json: JSONValue? = nil, rawBody: [UInt8]? = nil, token: String? = nil,
              scope: (org: String, user: String, project: String?)? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var fields = HTTPHeaders()
        if let token { fields.add("Authorization", "Bearer \(token)") }
        if let scope {
            fields.add("x-org-id", scope.org)
            fields.add("x-user-id", scope.user)
            if let project = scope.project { fields.add("x-project-id", project) }
        }
        var body = rawBody
        if let json {
            body = JSONWriter.encode(json)
            fields.add("Content-Type", "application/json")
        }
        for (k, v) in headers { fields.add(k, v) }
        let request = HTTPRequest(method: method, url: baseURL + path, headers: fields, body: body,
                                  timeouts: HTTPTimeouts(connect: .seconds(10), total: .seconds(60), idle: .seconds(60)))
        let response = try await HTTPClient.shared.send(request)
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: response.status, headers: response.headers, bytes: bytes)
    }

    /// The host child's pid, from `GET /health`.
    func hostPID() async throws -> Int32 {
        let health = try await send("GET", "/health")
        guard let pid = health.json["pid"]?.intValue else { throw AdapterStartFailure(log: "no pid in \(health.text)") }
        return Int32(pid)
    }

    /// Waits until `GET /health` answers 200 (the host is up).
    func waitHealthy(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let reply = try? await send("GET", "/health"), reply.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw AdapterStartFailure(log: "not healthy after \(timeout)\n" + logText)
    }

    func stop() { process.terminate() }

    func waitExit(timeout: Duration = .seconds(20)) async -> Int32? { await process.exit(within: timeout) }

    deinit { process.terminate() }
}

struct AdapterStartFailure: Error, CustomStringConvertible {
    let log: String
    var description: String { "the adapter did not start:\n\(log)" }
}

/// Scope shorthand for adapter tests.
typealias RESTScope = (org: String, user: String, project: String?)

/// Lines of a child's stderr (the first 5,000), and the port it said it listens on.
final class LogLines: Sendable {
    private let state = Mutex<(lines: [String], port: Int?)>(([], nil))

    func append(_ line: String) { state.withLock { if $0.lines.count < 5000 { $0.lines.append(line) } } }
    var text: String { state.withLock { $0.lines.joined(separator: "\n") } }
    var port: Int? {
        get { state.withLock { $0.port } }
        set { state.withLock { $0.port = newValue } }
    }
}
