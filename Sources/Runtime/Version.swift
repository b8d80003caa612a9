/// The product's name and version as reported by `--version`, `initialize` and `system/health`.
public enum OpenIntern {
    public static let name = "oi-host"
    public static let version = "0.1.0"
    /// The host protocol version `initialize` answers with.
    public static let protocolVersion = "2026-11-01"
    /// Every version `initialize` accepts (an integer is ACP's, not ours).
    public static let supportedProtocolVersions = [protocolVersion]
}
