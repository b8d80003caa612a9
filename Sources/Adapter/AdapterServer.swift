import Foundation
import Hummingbird
import Logging
import REST
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// The adapter, composed: its host child, the HTTP server and the event
/// feeds, as services of one group that SIGTERM/SIGINT stop in order —
/// event streams end, the server finishes what it serves, the host drains.
public enum AdapterServer {
    public static func run(_ settings: AdapterSettings, logger: Logger) async throws {
        // A host that died leaves a pipe that fails writes; that is seen as EOF, not a signal.
        signal(SIGPIPE, SIG_IGN)
        let host = HostLink(command: settings.host, logger: logger, readyWait: settings.hostWait)
        let feeds = RunFeeds(host: host, logger: logger)
        let web = WebFiles(root: settings.webDirectory)
        if web == nil {
            logger.notice("no web console at \(settings.webDirectory): `make web` builds it; /api is served without it")
        }
        let gate = TokenGate(host: host, ttl: settings.tokenCacheTTL, tokenlessAllowed: settings.bindsLoopback || settings.insecure)
        let responder = APIResponder(
            host: host, gate: gate, feeds: feeds, streams: EventStreams(host: host, feeds: feeds, ping: settings.pingInterval, logger: logger),
            settings: settings, web: web, cors: CORSPolicy(origins: Set(settings.corsOrigins)), logger: logger)
        let bindHost = settings.bindHost
        var app = Application(
            responder: responder,
            configuration: .init(address: .hostname(bindHost, port: settings.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                let shown = bindHost.contains(":") ? "[\(bindHost)]" : bindHost
                // Always on stderr, whatever the log level: `oi-host dev` and scripts read the port from it.
                FileHandle.standardError.write(Data("oi-adapter: listening on http://\(shown):\(port)\n".utf8))
            },
            logger: logger)
        app.beforeServerStarts { try await checkExposure(settings, gate: gate, host: host, logger: logger) }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: host), .init(service: app), .init(service: feeds)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Without any token the adapter trusts its callers, so it must listen on
    /// loopback only, unless told `--insecure`. Says which way it serves.
    static func checkExposure(_ settings: AdapterSettings, gate: TokenGate, host: HostLink, logger: Logger) async throws {
        var required: Bool?
        let deadline = ContinuousClock.now + .seconds(30)
        while required == nil && ContinuousClock.now < deadline {
            do { required = try await gate.tokensRequired() } catch {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        switch required {
        case true?:
            logger.notice("API tokens exist: every /api request needs one (Authorization: Bearer …)")
        case false?:
            if !settings.bindsLoopback && !settings.insecure {
                throw AdapterStartError(description: "no API token exists: refusing to listen on \(settings.bindHost) without one; create one with `oi-host tokens create --org O --user U`, or pass --insecure")
            }
            logger.notice("no API token exists: requests are trusted and take their scope from x-org-id / x-user-id / x-project-id\(settings.bindsLoopback ? " (loopback only)" : " (--insecure)")")
        case nil:
            if !settings.bindsLoopback && !settings.insecure {
                throw AdapterStartError(description: "the host did not say whether API tokens exist: refusing to listen on \(settings.bindHost)")
            }
            logger.warning("the host did not answer yet; serving loopback, tokens are checked on each request")
        }
    }
}

struct AdapterStartError: Error, CustomStringConvertible {
    let description: String
}
