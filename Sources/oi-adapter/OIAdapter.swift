import Adapter
import ArgumentParser
import Foundation
import Logging

/// `oi-adapter`: the REST + SSE adapter. It spawns one `oi-host` (arguments
/// after `--` go to it) and serves the RPC surface over HTTP; it never opens
/// the database itself. `oi-host dev` starts it with the configuration's settings.
@main
struct OIAdapter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oi-adapter",
        abstract: "REST + SSE adapter for oi-host (docs/rest.md).",
        version: AdapterInfo.version)

    @Option(name: [.short, .long], help: "Port to listen on; 0 picks a free one (default: $PORT, else 3000).")
    var port: Int?

    @Option(name: .customLong("host"), help: "Address to listen on. Anything but loopback needs an API token to exist, or --insecure.")
    var bindHost = "127.0.0.1"

    @Flag(help: "Serve without API tokens on an address other than loopback (trusts the network).")
    var insecure = false

    @Option(name: .customLong("cors-origin"), help: "A browser origin allowed to call the API (server.corsOrigins); repeat. Default: $CORS_ORIGINS (comma-separated), else none.")
    var corsOrigins: [String] = []

    @Option(name: .customLong("max-body-bytes"), help: "Largest request body (server.maxBodyBytes); larger is 413. Default: $OI_MAX_BODY_BYTES, else 2097152.")
    var maxBodyBytes: Int?

    @Option(name: .customLong("max-upload-bytes"), help: "Largest raw upload body, POST /api/uploads (uploads.maxBytes); larger is 413. Default: $UPLOADS_MAX_BYTES, else 8388608.")
    var maxUploadBytes: Int?

    @Option(name: .customLong("web"), help: "The console's build, served outside /api.")
    var web = "web/dist"

    @Option(name: .customLong("host-binary"), help: "The oi-host executable (default: beside this one, else on PATH).")
    var hostBinary: String?

    @Option(name: .customLong("ping-interval-ms"), help: "Keep-alive frames on event streams.")
    var pingIntervalMs = 15_000

    @Option(name: .customLong("token-cache-ms"), help: "How long a token check is remembered (revocations take effect within it).")
    var tokenCacheMs = 2_000

    @Option(name: .customLong("log-level"), help: "trace … critical (default: $OI_LOG_LEVEL, else info).")
    var logLevel: String?

    @Argument(parsing: .postTerminator, help: "Arguments for oi-host, after --.")
    var hostArguments: [String] = []

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0…65535") }
        if let maxBodyBytes, maxBodyBytes < 1024 { throw ValidationError("--max-body-bytes must be at least 1024") }
        if pingIntervalMs < 10 { throw ValidationError("--ping-interval-ms must be at least 10") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let level = logLevel ?? environment["OI_LOG_LEVEL"] ?? "info"
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: level) ?? .info
            return handler
        }
        let logger = Logger(label: "oi.adapter")
        guard let executable = hostBinary ?? Self.findHost() else {
            throw ValidationError("oi-host not found beside oi-adapter or on PATH; pass --host-binary")
        }
        var settings = AdapterSettings(host: HostCommand(executable: executable, arguments: hostArguments, environment: environment))
        settings.bindHost = bindHost
        guard let chosenPort = port ?? environment["PORT"].flatMap({ Int($0) }) ?? Optional(3000), (0...65535).contains(chosenPort) else {
            throw ValidationError("PORT must be 0…65535")
        }
        settings.port = chosenPort
        settings.insecure = insecure
        settings.corsOrigins = corsOrigins.isEmpty
            ? (environment["CORS_ORIGINS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            : corsOrigins
        settings.maxBodyBytes = maxBodyBytes ?? environment["OI_MAX_BODY_BYTES"].flatMap { Int($0) } ?? settings.maxBodyBytes
        // The host checks uploads.maxBytes; the adapter reads a raw upload body up to the same limit (oi-host dev passes it on).
        settings.maxUploadBytes = (maxUploadBytes ?? environment["UPLOADS_MAX_BYTES"].flatMap { Int($0) }).map { max($0, 1) } ?? settings.maxUploadBytes
        settings.webDirectory = web
        settings.pingInterval = .milliseconds(pingIntervalMs)
        settings.tokenCacheTTL = .milliseconds(tokenCacheMs)
        do {
            try await AdapterServer.run(settings, logger: logger)
        } catch {
            logger.critical("\(error)")
            throw ExitCode(1)
        }
    }

    /// `oi-host` beside this executable, else on PATH.
    static func findHost() -> String? {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let beside = me.deletingLastPathComponent().appendingPathComponent("oi-host").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(dir)/oi-host"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
