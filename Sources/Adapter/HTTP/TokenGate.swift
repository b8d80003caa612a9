import JSON
import REST
import RPC
import Synchronization

/// Decides whether a request may go on, and as whom. With a bearer token the
/// host says whom it speaks for (`tokens/verify`, never the database
/// directly); without one, it may go on only while no token exists at all
/// (`tokens/status`) and the adapter listens on loopback (or `--insecure`).
/// Both answers are remembered for `ttl`, so a token made or revoked takes
/// effect within that time. Tokens are never logged.
final class TokenGate: Sendable {
    private struct Checked {
        let identity: TokenIdentity?
        let until: ContinuousClock.Instant
    }

    private struct State {
        var tokens: [String: Checked] = [:]
        var required: (Bool, until: ContinuousClock.Instant)?
    }

    private let host: HostLink
    private let ttl: Duration
    private let tokenlessAllowed: Bool
    private let state = Mutex(State())
    private let maxRemembered = 10_000

    init(host: HostLink, ttl: Duration, tokenlessAllowed: Bool) {
        self.host = host
        self.ttl = ttl
        self.tokenlessAllowed = tokenlessAllowed
    }

    /// The token's identity, nil for a token-less request that may go on; 401 otherwise.
    func admit(token: String?) async throws -> TokenIdentity? {
        guard let token, !token.isEmpty else {
            if try await tokensRequired() { throw RESTError.unauthorized("an API token is required (Authorization: Bearer …)") }
            if !tokenlessAllowed {
                throw RESTError.unauthorized("no API token exists, and this adapter listens beyond loopback: create one with `oi-host tokens create`")
            }
            return nil
        }
        let now = ContinuousClock.now
        if let checked = state.withLock({ $0.tokens[token] }), checked.until > now {
            guard let identity = checked.identity else { throw RESTError.unauthorized("invalid or revoked token") }
            return identity
        }
        let identity: TokenIdentity?
        do {
            let answer = try await host.call("tokens/verify", ["token": .string(token)])
            identity = TokenIdentity(
                tokenID: answer["token_id"]?.stringValue ?? "", orgID: answer["org_id"]?.stringValue ?? "",
                userID: answer["user_id"]?.stringValue ?? "", projectID: answer["project_id"]?.stringValue)
        } catch let error as RPCError where error.code.rawValue == -32014 || error.code == .invalidParams {
            identity = nil
        }
        state.withLock { s in
            if s.tokens.count >= maxRemembered { s.tokens = s.tokens.filter { $0.value.until > now } }
            if s.tokens.count < maxRemembered { s.tokens[token] = Checked(identity: identity, until: now + ttl) }
        }
        guard let identity else { throw RESTError.unauthorized("invalid or revoked token") }
        return identity
    }

    /// Whether any unrevoked token exists.
    func tokensRequired() async throws -> Bool {
        let now = ContinuousClock.now
        if let (required, until) = state.withLock({ $0.required }), until > now { return required }
        let answer = try await host.call("tokens/status")
        let required = (answer["active"]?.intValue ?? 0) > 0
        state.withLock { $0.required = (required, now + ttl) }
        return required
    }
}
