import Foundation
import Logging
import Runtime

#if canImport(Glibc)
import Glibc
#endif

/// The stdio host: JSON-RPC on stdin/stdout, logs on stderr, stopped by EOF,
/// `exit` or SIGTERM — each a graceful exit with status 0.
public struct StdioHost {
    let config: Config
    let logger: Logger
    let hostProtocol: HostProtocol

    public init(config: Config, logger: Logger, protocol: HostProtocol = .jsonRPC) {
        self.config = config
        self.logger = logger
        self.hostProtocol = `protocol`
    }

    public func run() async throws {
        // A client that goes away must not kill us with SIGPIPE mid-write.
        signal(SIGPIPE, SIG_IGN)
        let logger = self.logger
        let server = HostServer(config: config, logger: logger, input: STDIN_FILENO, output: STDOUT_FILENO, protocol: hostProtocol) { drain in
            ShutdownWatchdog.start(after: drain * 2 + .seconds(30), logger: logger)
        }
        try await server.run(stopsOnSignals: true)
        if let ended = server.connection.endedAt {
            logger.info("stopped", metadata: ["ms_since_input_ended": "\((ContinuousClock.now - ended).components.attoseconds / 1_000_000_000_000_000 + (ContinuousClock.now - ended).components.seconds * 1000)"])
        }
        // No `engine.close()`: every transaction is already committed, and a
        // close would checkpoint SQLite's WAL, which can take long on a busy
        // disk — the process ends now and the next start finds a sound file.
    }
}
