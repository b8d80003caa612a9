/// The MCP revisions this client speaks over stdio (WIRE.md §7.2–7.3).
///
/// We offer the newest revision that still has the `initialize` handshake
/// (2025-11-25) and accept any older handshake revision the server answers
/// with. The 2026-07-28 revision is stateless (no `initialize`, `_meta` on
/// every request, `server/discover`): a server that answers with it — or
/// with anything else we do not know — is refused with a clear error.
public enum MCPProtocol {
    /// Newest first; the first is what `initialize` offers.
    public static let supportedVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]
    public static var offeredVersion: String { supportedVersions[0] }

    static let statelessVersions: Set<String> = ["2026-07-28"]

    /// Checks the version a server answered `initialize` with.
    static func accept(_ version: String?, server: String) throws(MCPError) -> String {
        guard let version else {
            throw MCPError(.handshakeFailed, server: server, "initialize result has no protocolVersion")
        }
        if supportedVersions.contains(version) { return version }
        let supported = supportedVersions.joined(separator: ", ")
        if statelessVersions.contains(version) {
            throw MCPError(.unsupportedVersion, server: server,
                           "the server chose protocol \(version) (the stateless revision without initialize); this client speaks \(supported)")
        }
        throw MCPError(.unsupportedVersion, server: server, "the server chose protocol \(version), which this client does not speak (supported: \(supported))")
    }

    /// The client's name and version in `initialize`.
    static let clientName = "openintern"
}
