import Foundation

/// `oi-host <args>` run to completion as a person runs it from a shell, with
/// close-on-exec pipes (a child another test spawns must not inherit them).
/// The environment is the test process's without configuration that would
/// leak into the command (a config file, keys, a database, an embedder),
/// then `env`.
enum CLIProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let unset = ["OI_CONFIG", "DATABASE_URL", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "LLM_API_KEY", "LLM_PROVIDER",
                        "EMBEDDING_PROVIDER", "EMBEDDING_API_URL"]

    static func run(_ args: [String], env: [String: String] = [:], in dir: String? = nil) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: HostProcess.binary)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        for key in unset { environment[key] = nil }
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        if let dir { p.currentDirectoryURL = URL(fileURLWithPath: dir) }
        let out = ExclusivePipe(), err = ExclusivePipe()
        p.standardOutput = out.childEnd
        p.standardError = err.childEnd
        try p.run()
        out.closeChildEnd()
        err.closeChildEnd()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
