import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `oi-host <args>` run to completion as a person runs it from a shell. The
/// environment is the test process's without configuration that would leak
/// into the command (a config file, keys, a database, an embedder), then `env`.
///
/// Started as a `SpawnedChild` and waited for on a thread of its own, never
/// on the cooperative pool.
enum CLIProcess {
    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let unset = ["OI_CONFIG", "DATABASE_URL", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "LLM_API_KEY", "LLM_PROVIDER",
                        "EMBEDDING_PROVIDER", "EMBEDDING_API_URL"]

    static func run(_ args: [String], env: [String: String] = [:], in dir: String? = nil) async throws -> Output {
        try await runExecutable(HostProcess.binary, args, env: env, in: dir)
    }

    /// Any program, run the same way (a test's helper script, say).
    static func runExecutable(_ executable: String, _ args: [String], env: [String: String] = [:], in dir: String? = nil) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try runBlocking(executable, args, env: env, in: dir) }) }
            thread.name = "cli-process"
            thread.start()
        }
    }

    private static func runBlocking(_ executable: String, _ args: [String], env: [String: String], in dir: String?) throws -> Output {
        var environment = ProcessInfo.processInfo.environment
        for key in unset { environment[key] = nil }
        for (k, v) in env { environment[k] = v }
        let out = ExclusivePipe(), err = ExclusivePipe()
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(null) }
        let child: SpawnedChild
        do {
            defer {
                out.closeChildEnd()
                err.closeChildEnd()
            }
            child = try SpawnedChild(executable, arguments: args, environment: environment, directory: dir, stdin: null,
                                     stdout: out.childEnd.fileDescriptor, stderr: err.childEnd.fileDescriptor)
        }
        // Both pipes drain at once, so a chatty stderr cannot stall the child.
        let stderrText = Mutex<Data>(Data())
        let stderrDone = DispatchSemaphore(value: 0)
        Thread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            stderrText.withLock { $0 = data }
            stderrDone.signal()
        }.start()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        stderrDone.wait()
        return Output(status: child.waitUntilExit(), stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrText.withLock { $0 }, as: UTF8.self))
    }
}
