import Foundation
import Logging
import RPC
import Testing
@testable import Runtime

/// The repository's `.venv` with `mcp`, `mcp-server-time` and `mcp-server-git`
/// (`scripts/test-venv`). Without it the tests that need it are skipped —
/// except under `CI=true`, where they run and fail saying what is missing.
enum MCPVenv {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let bin = root + "/.venv/bin"
    static let python = bin + "/python"
    static let testServer = root + "/Tests/Fixtures/mcp/test_mcp_server.py"
    static let rawServer = root + "/Tests/Fixtures/mcp/raw_mcp_server.py"

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    static var isInstalled: Bool {
        ["mcp-server-time", "mcp-server-git", "python"].allSatisfy { FileManager.default.isExecutableFile(atPath: bin + "/" + $0) }
    }
    /// For `.enabled(if:)`: run when installed, and always on CI.
    static var runs: Bool { isInstalled || isCI }

    static func require() throws {
        if !isInstalled {
            throw MissingVenv(message: "\(bin) lacks mcp-server-time / mcp-server-git / python: run scripts/test-venv (make test does)")
        }
    }

    struct MissingVenv: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// `Tests/Fixtures/mcp/test_mcp_server.py` as a server config; `marker` makes its command line unique.
    static func testServer(_ name: String = "t", timeoutMs: Int64 = 10_000, pageSize: Int? = nil, markers: String? = nil) -> MCPServerConfig {
        var args = [testServer, "--name", "oi-test-\(UUID().uuidString)"]
        if let pageSize { args += ["--page-size", String(pageSize)] }
        var env: [String: String] = [:]
        if let markers { env["MCP_TEST_MARKERS"] = markers }
        return MCPServerConfig(name: name, command: python, args: args, env: env, cwd: nil, timeoutMs: timeoutMs)
    }

    static func timeServer(_ name: String = "time") -> MCPServerConfig {
        MCPServerConfig(name: name, command: bin + "/mcp-server-time", args: [], env: [:], cwd: nil, timeoutMs: 20_000)
    }

    static var systemPython: String { FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3" }

    /// The standard-library-only server (system python3; no venv needed).
    static func rawServer(_ name: String = "raw", args: [String] = [], timeoutMs: Int64 = 5_000, startupTimeoutMs: Int64 = 30_000) -> MCPServerConfig {
        MCPServerConfig(name: name, command: systemPython, args: [rawServer] + args + ["--marker", "oi-raw-\(UUID().uuidString)"],
                        env: [:], cwd: nil, timeoutMs: timeoutMs, startupTimeoutMs: startupTimeoutMs)
    }
}

/// What `/proc` says about a process.
enum ProcessTable {
    /// The one-letter state (`R`, `S`, `Z`, …), or nil when there is no such process.
    static func state(_ pid: Int32) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
    }

    /// Alive or a zombie: either way, still in the table.
    static func exists(_ pid: Int32) -> Bool { state(pid) != nil }

    /// Processes whose command line contains `text`.
    static func pids(commandLineContaining text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(text)
        }
    }
}

/// A log handler that keeps every record, for asserting what reached the log.
///
/// `@unchecked Sendable`: `records` is only touched while `lock` is held.
final class LogCapture: @unchecked Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let lock = NSLock()
    private var records: [Record] = []

    var all: [Record] { lock.withLock { records } }

    func append(_ record: Record) { lock.withLock { records.append(record) } }

    var logger: Logger {
        Logger(label: "test.mcp") { _ in Handler(capture: self) }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var all = metadata.mapValues(\.description)
            for (k, v) in event.metadata ?? [:] { all[k] = v.description }
            capture.append(Record(level: event.level, message: event.message.description, metadata: all))
        }
    }
}

/// Runs `body` with `connection` running, then stops it and waits until its
/// process is gone.
func withRunning<T: Sendable>(_ connection: MCPServerConnection, _ body: () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await connection.run() }
        do {
            let result = try await body()
            connection.stop()
            try await group.waitForAll()
            return result
        } catch {
            connection.stop()
            try? await group.waitForAll()
            throw error
        }
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// A fresh directory for the test server's marker files.
func markerDirectory() -> String {
    let dir = NSTemporaryDirectory() + "oi-mcp-markers-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func marker(_ dir: String, _ name: String) -> String? {
    (try? String(contentsOfFile: dir + "/" + name, encoding: .utf8))
}

extension JSONValue {
    /// Element of an array, or nil for anything else (tests read results by index).
    subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
