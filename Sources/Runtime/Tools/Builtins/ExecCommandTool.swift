import Foundation
import JSON

/// `exec_command`: a shell command (`sh -c`) in the run's workspace, high
/// risk (the policy asks before each call unless a rule allows it). It runs
/// with a timeout, its output capped, in a process group of its own that is
/// killed — children included — at the timeout, on cancel and when the
/// command exits; its environment is an allow-list (`sandbox.env`) with
/// anything that looks like a secret removed. With `sandbox.enabled` it runs
/// under bubblewrap: the system read-only, the data directory hidden, the
/// workspace the only writable place, no network; without bwrap it refuses.
public struct ExecCommandTool: Tool {
    public let name = "exec_command"
    public let description = "Run a shell command (sh -c) in the run's workspace and return its exit code, stdout and stderr."
    public let risk = RiskLevel.high
    public let inputSchema = Schema.object([
        "command": Schema.string(minLength: 1, maxLength: 100_000, description: "The command line, run by sh -c."),
        "timeout_ms": Schema.integer(minimum: 1, maximum: 120_000, description: "Time limit (default 30000); the command and its children are killed after it."),
        "cwd": Schema.string(maxLength: Workspace.maxPathBytes, description: "Working directory relative to the workspace (default: its root)."),
    ], required: ["command"])

    public static let defaultTimeoutMs = 30_000
    public static let maxTimeoutMs = 120_000
    static let stdoutCap = 50_000
    static let stderrCap = 10_000
    /// The tool enforces its own timeout; the executor's limit only backs it up.
    public var timeout: Duration? { .milliseconds(Self.maxTimeoutMs) + .seconds(15) }

    /// Names never passed on, whatever `sandbox.env` says.
    static let secretMarkers = ["KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "AUTH", "COOKIE", "PRIVATE", "DATABASE_URL", "DSN"]

    public init() {}

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let command = arguments["command"]?.stringValue ?? ""
        let timeoutMs = min(arguments["timeout_ms"]?.intValue.map(Int.init) ?? Self.defaultTimeoutMs, Self.maxTimeoutMs)
        let workspace = context.workspace
        let settings = workspace.rules.settings
        try workspace.rules.admitCall(name)
        let cwdArgument = arguments["cwd"]?.stringValue ?? "."
        let (root, cwd) = try await BlockingIO.run { () throws -> (String, String) in
            (Self.absolute(try workspace.directory(".")), Self.absolute(try workspace.directory(cwdArgument)))
        }
        let environment = Self.environment(allowList: settings.environment, home: root)
        let executable: String
        let argv: [String]
        if settings.enabled {
            guard let bwrap = settings.bubblewrap else {
                return .error("exec_command refuses to run: sandbox.enabled is true but bubblewrap (bwrap) is not installed; "
                              + "install the bubblewrap package, or set sandbox.enabled to false to run commands without a sandbox")
            }
            executable = bwrap
            argv = Self.bubblewrapArguments(root: root, cwd: cwd, hidden: settings.hidden) + ["/bin/sh", "-c", command]
        } else {
            executable = "/bin/sh"
            argv = ["-c", command]
        }
        let started = ContinuousClock.now
        let output: CommandProcess.Output
        do {
            output = try await CommandProcess.run(executable: executable, arguments: argv, environment: environment, directory: cwd,
                                                  timeout: .milliseconds(timeoutMs), stdoutCap: Self.stdoutCap, stderrCap: Self.stderrCap)
        } catch let failure as CommandProcess.SpawnFailure {
            throw ToolFailure(failure.description)
        }
        if output.cancelled { throw CancellationError() }
        var out: [String: JSONValue] = [
            "exit_code": output.exitCode.map { .int(Int64($0)) } ?? .null,
            "stdout": .string(String(decoding: output.stdout, as: UTF8.self)),
            "stderr": .string(String(decoding: output.stderr, as: UTF8.self)),
            "timed_out": .bool(output.timedOut),
            "duration_ms": .int((ContinuousClock.now - started).milliseconds),
            "sandboxed": .bool(settings.enabled),
        ]
        if let signal = output.signal { out["signal"] = .int(Int64(signal)) }
        if output.stdoutBytes > output.stdout.count { out["stdout_truncated"] = true; out["stdout_bytes"] = .int(Int64(output.stdoutBytes)) }
        if output.stderrBytes > output.stderr.count { out["stderr_truncated"] = true; out["stderr_bytes"] = .int(Int64(output.stderrBytes)) }
        if output.timedOut {
            out["error"] = .string("the command did not finish within \(timeoutMs) ms; it was killed with its children")
            return ToolOutput(.object(out), isError: true)
        }
        return ToolOutput(.object(out))
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// The allow-listed variables of this process, without secrets; HOME is the workspace.
    static func environment(allowList: [String], home: String, from host: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var env = ["HOME": home, "PATH": "/usr/local/bin:/usr/bin:/bin"]
        for name in allowList where !isSecret(name) {
            if let value = host[name] { env[name] = value }
        }
        return env
    }

    static func isSecret(_ name: String) -> Bool {
        let upper = name.uppercased()
        return secretMarkers.contains { upper.contains($0) }
    }

    /// A read-only view of the system, a fresh /tmp, the hidden folders
    /// empty, the workspace writable, and no network, IPC or host pids.
    static func bubblewrapArguments(root: String, cwd: String, hidden: [String]) -> [String] {
        var args = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
        for folder in hidden where FileManager.default.fileExists(atPath: folder) && !(folder + "/").hasPrefix(root + "/") && folder != "/" {
            args += ["--tmpfs", folder]
        }
        args += ["--bind", root, root]
        // A hidden folder inside the workspace (the data folder in an editor's working folder) is emptied after the bind shows it.
        for folder in hidden where FileManager.default.fileExists(atPath: folder) && (folder + "/").hasPrefix(root + "/") && folder != root {
            args += ["--tmpfs", folder]
        }
        args += ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--chdir", cwd]
        return args
    }
}
