import Foundation
import RPC
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The MCP servers the host tests configure: `mcp-server-time` and
/// `mcp-server-git` from the repository's `.venv` (scripts/test-venv), and
/// our `Tests/Fixtures/mcp/test_mcp_server.py`. Without the venv these tests are skipped,
/// except under `CI=true`, where they fail saying what is missing.
enum MCPFixtures {
    static let bin = HostProcess.packageRoot + "/.venv/bin"
    static var isInstalled: Bool {
        ["mcp-server-time", "mcp-server-git", "python"].allSatisfy { FileManager.default.isExecutableFile(atPath: bin + "/" + $0) }
    }
    static var runs: Bool { isInstalled || ProcessInfo.processInfo.environment["CI"] == "true" }

    struct MissingVenv: Error, CustomStringConvertible {
        var description: String
    }

    static func require() throws {
        guard isInstalled else {
            throw MissingVenv(description: "\(bin) lacks mcp-server-time / mcp-server-git / python: run scripts/test-venv (make test does)")
        }
    }

    static let time: JSONValue = ["command": .string(bin + "/mcp-server-time")]

    static func git(repository: String) -> JSONValue {
        ["command": .string(bin + "/mcp-server-git"), "args": ["--repository", .string(repository)]]
    }

    /// The test server; `name` (unique per test) is on its command line, so
    /// the process table can be searched for it.
    static func testServer(name: String, timeoutMs: Int = 10_000, markers: String? = nil) -> JSONValue {
        var o: [String: JSONValue] = [
            "command": .string(bin + "/python"),
            "args": [.string(HostProcess.packageRoot + "/Tests/Fixtures/mcp/test_mcp_server.py"), "--name", .string(name)],
            "timeout": .int(Int64(timeoutMs)),
        ]
        if let markers { o["env"] = ["MCP_TEST_MARKERS": .string(markers)] }
        return .object(o)
    }

    /// Writes an `agent.config.json` with these `mcpServers`; returns its path.
    static func config(_ servers: [String: JSONValue]) throws -> String {
        let dir = NSTemporaryDirectory() + "oi-mcp-host-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/agent.config.json"
        try Data(JSONValue.object(["mcpServers": .object(servers)]).description.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A git repository with one commit, for `mcp-server-git`.
    static func gitRepository() throws -> String {
        let dir = NSTemporaryDirectory() + "oi-mcp-git-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: dir + "/README"))
        for args in [["init", "-q", "-b", "main"], ["add", "README"], ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "first"]] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["git"] + args
            p.currentDirectoryURL = URL(fileURLWithPath: dir)
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw MissingVenv(description: "git \(args) failed in \(dir)") }
        }
        return dir
    }

    static func markerDirectory() -> String {
        let dir = NSTemporaryDirectory() + "oi-mcp-markers-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func marker(_ dir: String, _ name: String) -> Bool { FileManager.default.fileExists(atPath: dir + "/" + name) }
}

extension HostProcess {
    /// Polls `mcp/servers/list` until `done` holds for the servers (by name).
    @discardableResult
    func waitForServers(timeout: Duration = .seconds(60), _ done: ([String: JSONValue]) -> Bool) async throws -> [String: JSONValue] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let list = try await result("mcp/servers/list")
            var byName: [String: JSONValue] = [:]
            for server in list["servers"]?.arrayValue ?? [] { byName[server["name"]?.stringValue ?? ""] = server }
            if done(byName) { return byName }
            if ContinuousClock.now > deadline { throw HostCallError(method: "waitForServers", reply: list) }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The tool.result payloads of a run, by tool name.
    func toolResults(_ runID: String) async throws -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for event in try await allEvents(runID) where event["type"] == "tool.result" {
            out[event["payload"]?["tool_name"]?.stringValue ?? ""] = event["payload"]
        }
        return out
    }
}

/// What `/proc` says about processes.
enum ProcessTable {
    static func state(_ pid: Int32) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
    }

    /// Processes (zombies have no command line) whose command line contains `text`.
    static func pids(commandLineContaining text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(text)
        }
    }
}

/// Drains a child's output pipe on a thread, keeping every line (a pipe
/// nobody reads would block the child), without blocking a task.
///
/// `@unchecked Sendable`: `lines` and `ended` are only touched while `lock` is held.
final class LineCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    private var ended = false

    init(_ pipe: ExclusivePipe) {
        FileDescriptorReader.spawn(fd: pipe.fileHandleForReading.fileDescriptor, maxLineBytes: 1 << 24, onEvent: { [self] event in
            if case .line(let bytes) = event { lock.withLock { lines.append(String(decoding: bytes, as: UTF8.self)) } }
            return true
        }, onEnd: { [self] in lock.withLock { ended = true } })
    }

    var all: [String] { lock.withLock { lines } }

    /// Bytes read so far, newlines included.
    var bytes: Int { lock.withLock { lines.reduce(0) { $0 + $1.utf8.count + 1 } } }

    /// True once EOF was read (within `timeout`).
    func waitForEnd(timeout: Duration = .seconds(20)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !lock.withLock({ ended }) && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return lock.withLock { ended }
    }
}

extension JSONValue {
    subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
