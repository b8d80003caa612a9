import Foundation
import RPC

#if canImport(Glibc)
import Glibc
#endif

/// A real `oi-host` child process driven over its stdin/stdout pipes, the way
/// an editor or the adapter drives it. Every stdout line is parsed as JSON;
/// anything else is recorded as a protocol violation.
///
/// Dropping the last reference ends the host (SIGTERM): nothing the reader
/// task holds points back here, so a test that forgets `stop()` leaks no
/// process, pipe or thread into the rest of the run.
final class HostProcess: @unchecked Sendable {
    // @unchecked: `process` and the pipes are set up once in init; the reader
    // is Sendable; `nextID` is guarded by `lock`.
    let process: SpawnedChild
    // Close-on-exec pipes: a child another test spawns at the same moment
    // must not inherit our end of this host's stdin and so keep it open.
    private let stdin = ExclusivePipe(input: true)
    private let stdout = ExclusivePipe()
    let stderr = ExclusivePipe()
    private let reader: FileDescriptorReader
    private let router = LineRouter()
    private let gate = ReadGate()
    private let lock = NSLock()
    private let _violations = Violations()
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
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    init(arguments: [String] = [], environment: [String: String] = [:], directory: String? = nil) throws {
        var env = ProcessInfo.processInfo.environment
        env["OI_LOG_LEVEL"] = env["OI_LOG_LEVEL"] ?? "warning"
        env["OI_CONFIG"] = "/nonexistent/agent.config.json"
        env["DATABASE_URL"] = environment["DATABASE_URL"]
        if env["DATA_DIR"] == nil && environment["DATA_DIR"] == nil {
            env["DATA_DIR"] = NSTemporaryDirectory() + "oi-host-\(UUID().uuidString)"
        }
        for (k, v) in environment { env[k] = v }
        let pipes = (stdin, stdout, stderr)
        defer {
            pipes.0.closeChildEnd()
            pipes.1.closeChildEnd()
            pipes.2.closeChildEnd()
        }
        process = try SpawnedChild(Self.binary, arguments: arguments, environment: env, directory: directory,
                                   stdin: pipes.0.childEnd.fileDescriptor, stdout: pipes.1.childEnd.fileDescriptor,
                                   stderr: pipes.2.childEnd.fileDescriptor)
        // The reader owns a copy of our end of stdout and closes it at EOF, so
        // the pipe's own descriptor can close with this object while the
        // reader thread is still reading.
        reader = FileDescriptorReader(fd: fcntl(stdout.fileHandleForReading.fileDescriptor, F_DUPFD_CLOEXEC, 0),
                                      maxLineBytes: 64 << 20, closeWhenDone: true)
        reader.start()
        let reader = self.reader, router = self.router, gate = self.gate, violations = _violations
        Task {
            while let event = await reader.events.next() {
                await gate.pass()
                guard case .line(let bytes) = event else { continue }
                if let v = try? JSONParser.parse(bytes) {
                    await router.route(v)
                } else {
                    violations.append(String(decoding: bytes, as: UTF8.self))
                }
            }
            await router.close()
        }
    }

    var violations: [String] { _violations.all }

    func send(_ line: String) { sendBytes(Array((line + "\n").utf8)) }

    func sendBytes(_ bytes: [UInt8]) {
        try? stdin.fileHandleForWriting.write(contentsOf: Data(bytes))
    }

    func closeStdin() { try? stdin.fileHandleForWriting.close() }

    /// The next stdout line that is neither a notification nor the answer to
    /// a `call`, or nil on EOF / timeout.
    func next(timeout: Duration = .seconds(20)) async -> JSONValue? {
        await router.take(.other, timeout: timeout)
    }

    /// The next notification the host sent.
    func nextNotification(timeout: Duration = .seconds(20)) async -> JSONValue? {
        await router.take(.notification, timeout: timeout)
    }

    /// Sends a request and returns the whole response message.
    func call(_ method: String, _ params: JSONValue? = nil, timeout: Duration = .seconds(30)) async -> JSONValue? {
        let id: Int64 = lock.withLock { nextID += 1; return nextID }
        var message: [String: JSONValue] = ["jsonrpc": "2.0", "id": .int(id), "method": .string(method)]
        if let params { message["params"] = params }
        await router.expect(.int(id))
        send(JSONValue.object(message).description)
        return await router.take(.response(.int(id)), timeout: timeout)
    }

    /// Stops reading stdout (the pipe fills and the host must cope).
    func pauseReading() { Task { await gate.close() } }
    func resumeReading() { Task { await gate.open() } }

    /// The `result` of a call, failing the test on an error.
    func result(_ method: String, _ params: JSONValue? = nil) async throws -> JSONValue {
        let reply = await call(method, params)
        guard let result = reply?["result"] else { throw HostCallError(method: method, reply: reply) }
        return result
    }

    @discardableResult
    func initialize(scope: JSONValue? = nil) async -> JSONValue? {
        var params: [String: JSONValue] = ["protocolVersion": "2026-11-01", "clientInfo": ["name": "host-tests"]]
        if let scope { params["scope"] = scope }
        return await call("initialize", .object(params))
    }

    /// Waits for the process to exit; nil if it is still running after `timeout`.
    func waitExit(timeout: Duration = .seconds(10)) async -> Int32? {
        await process.exit(within: timeout)
    }

    func stop() { process.terminate() }

    deinit {
        process.terminate()
        closeStdin()
    }
}

/// Stdout lines that were not JSON.
private final class Violations: @unchecked Sendable {
    // @unchecked: `lines` is guarded by `lock`.
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
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

struct HostCallError: Error, CustomStringConvertible {
    var method: String
    var reply: JSONValue?
    var description: String { "\(method) failed: \(reply?.description ?? "no reply")" }
}

/// Sorts the host's output lines: answers to pending calls, notifications,
/// and everything else, each waited for separately.
actor LineRouter {
    enum Kind: Hashable { case response(RequestID), notification, other }

    private var queues: [Kind: [JSONValue]] = [:]
    private var waiters: [Kind: CheckedContinuation<JSONValue?, Never>] = [:]
    private var expected: Set<RequestID> = []
    private var closed = false

    func expect(_ id: RequestID) { expected.insert(id) }

    func route(_ value: JSONValue) {
        let kind: Kind
        if value["method"] != nil && value["id"] == nil {
            kind = .notification
        } else if let raw = value["id"], let id = RequestID(raw), expected.contains(id) {
            expected.remove(id)
            kind = .response(id)
        } else {
            kind = .other
        }
        if let w = waiters.removeValue(forKey: kind) {
            w.resume(returning: value)
        } else {
            queues[kind, default: []].append(value)
        }
    }

    func close() {
        closed = true
        for w in waiters.values { w.resume(returning: nil) }
        waiters = [:]
    }

    func take(_ kind: Kind, timeout: Duration) async -> JSONValue? {
        if var q = queues[kind], !q.isEmpty {
            let v = q.removeFirst()
            queues[kind] = q
            return v
        }
        if closed { return nil }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { await self.expire(kind) }
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { waiters[kind] = $0 }
    }

    private func expire(_ kind: Kind) {
        waiters.removeValue(forKey: kind)?.resume(returning: nil)
    }
}

/// Holds the reader while a test plays a slow client.
actor ReadGate {
    private var closed = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func close() { closed = true }

    func open() {
        closed = false
        waiters.forEach { $0.resume() }
        waiters = []
    }

    func pass() async {
        guard closed else { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}

/// A pipe whose descriptors are close-on-exec, handed to one child only.
final class ExclusivePipe: @unchecked Sendable {
    // @unchecked: the handles are set once in init and FileHandle is thread-safe enough for our single use.
    let fileHandleForReading: FileHandle
    let fileHandleForWriting: FileHandle
    private let isInput: Bool

    init(input: Bool = false) {
        var fds: [Int32] = [0, 0]
        _ = fds.withUnsafeMutableBufferPointer { pipe($0.baseAddress!) }
        // (pipe2 is not visible from Swift's Glibc; the window before this is tiny.)
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        fileHandleForReading = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        fileHandleForWriting = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
        isInput = input
    }

    /// The end the child uses (Foundation dup2s it onto 0/1/2, which clears close-on-exec there).
    var childEnd: FileHandle { isInput ? fileHandleForReading : fileHandleForWriting }

    /// After the child started, our copy of its end must go, or EOF never comes.
    func closeChildEnd() { try? childEnd.close() }
}
