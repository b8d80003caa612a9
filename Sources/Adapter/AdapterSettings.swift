import Foundation

/// The adapter's own name and version: the host's (`OpenIntern.version`), which it ships with.
public enum AdapterInfo {
    public static let version = "0.1.0"
}

/// What the adapter needs to know to start: where to listen, whom to trust,
/// how big a body may be, and how to start its host. `oi-adapter`'s flags
/// (and `oi-host dev`, which reads the configuration file) fill it.
public struct AdapterSettings: Sendable {
    /// Address to bind; loopback unless told otherwise.
    public var bindHost = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 3000
    /// Serve without tokens on an address other than loopback.
    public var insecure = false
    /// Origins allowed to call from a browser (`server.corsOrigins`); `*` allows any.
    public var corsOrigins: [String] = []
    /// Largest request body (`server.maxBodyBytes`); larger is 413.
    public var maxBodyBytes = 2 << 20
    /// Largest raw upload body (`POST /api/uploads`; `UPLOADS_MAX_BYTES`, default 8 MiB); larger is 413.
    public var maxUploadBytes = 8 << 20
    /// The console's build, served outside `/api` with a fallback to its `index.html`.
    public var webDirectory = "web/dist"
    /// How long a token's check (and whether any token exists) is remembered.
    public var tokenCacheTTL: Duration = .seconds(2)
    /// Keep-alive frames on open event streams.
    public var pingInterval: Duration = .seconds(15)
    /// How long a request waits for a host that is restarting before 503.
    public var hostWait: Duration = .seconds(5)
    public var host: HostCommand

    public init(host: HostCommand) {
        self.host = host
    }

    /// Loopback addresses: the only ones served without a token (unless `insecure`).
    public var bindsLoopback: Bool {
        ["127.0.0.1", "::1", "localhost"].contains(bindHost) || bindHost.hasPrefix("127.")
    }
}
