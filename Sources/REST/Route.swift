import JSON

/// One REST route and the one RPC method it maps onto: how path, query and
/// body become the method's params, and how its result becomes the response.
/// Every route is in `RouteTable.all`; `docs/rest.md` is that table in prose.
public struct Route: Sendable {
    public enum Verb: String, Sendable, CaseIterable {
        case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
    }

    /// What answers the route.
    public enum Kind: Sendable, Equatable {
        /// One RPC call.
        case call
        /// Server-sent events of one run (`runs/subscribe {run_id}`), resumable by seq.
        case runStream
        /// Server-sent events of every run of the scope or a session; no ids, no resume.
        case scopeStream
        /// Server-sent events of one job (`jobs/events {job_id}` read as it grows), resumable by seq; ends with `event: done`.
        case jobStream
        /// The OpenAPI document.
        case openAPI
        /// The raw body is the file (`Content-Type` its media type,
        /// `X-Filename` its name), sent base64 as the method's `data`.
        case upload
        /// The result's `data` (base64) is answered as raw bytes of its
        /// `mime_type`, shown inline.
        case download
    }

    /// The largest body an upload route reads (the host's limit for one file).
    public static let maxUploadBytes = 8 << 20

    /// Where the route's contract comes from: the seed's REST API (its bodies
    /// and statuses are kept), or ours (the RPC result as it is).
    public enum Origin: String, Sendable {
        case seed, ours
    }

    public let verb: Verb
    /// With `{name}` segments, e.g. `/api/runs/{run_id}`; a segment's name is the param it fills.
    public let path: String
    public let method: String
    public let summary: String
    public let origin: Origin
    public var kind: Kind = .call
    /// Status of a success (201 for creations, 204 for the seed's deletes).
    public var status: Int = 200
    public var query: [QueryParameter] = []
    /// Whether a JSON body is read (POST and PUT).
    public var hasBody = false
    /// `body.project_id` is the method's own param (groups), not only scope.
    public var projectIsParam = false
    /// The method acts in a scope (takes `scope`); health and the tools of the host do not.
    public var scoped = true
    /// Public: no token needed (health, the OpenAPI document).
    public var isPublic = false
    /// The seed's body, when it differs from the method's params.
    public var request: RequestShape? = nil
    /// The seed's response, when it differs from the method's result.
    public var response: ResponseShape? = nil
    /// Error codes the seed answers differently on this route (`RUN_ALREADY_FINISHED` 400, …).
    public var errors: [ErrorOverride] = []

    /// One piece of the path between slashes.
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// The path, split once (a request is matched against it every time).
    let segments: [Segment]

    public init(_ verb: Verb, _ path: String, _ method: String, _ origin: Origin, _ summary: String) {
        self.verb = verb
        self.path = path
        self.method = method
        self.origin = origin
        self.summary = summary
        segments = path.split(separator: "/").map { piece in
            piece.hasPrefix("{") && piece.hasSuffix("}") ? .parameter(String(piece.dropFirst().dropLast())) : .literal(String(piece))
        }
    }

    /// The `{name}` segments of the path, in order.
    public var pathParameters: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { return name } else { return nil } }
    }

    /// The path values when the request's path segments match this route (percent-decoded), or nil.
    func match(_ given: [Substring]) -> [String: String]? {
        guard given.count == segments.count else { return nil }
        var values: [String: String] = [:]
        for (mine, theirs) in zip(segments, given) {
            switch mine {
            case .literal(let text):
                guard text == theirs else { return nil }
            case .parameter(let name):
                guard let decoded = QueryString.percentDecode(theirs), !decoded.isEmpty else { return nil }
                values[name] = decoded
            }
        }
        return values
    }

    /// `match` for a whole request path.
    public func match(_ requestPath: some StringProtocol) -> [String: String]? {
        match(requestPath.split(separator: "/").map { Substring($0) })
    }
}

/// A query parameter: its name on the URL, the param it fills, and how its text is read.
public struct QueryParameter: Sendable {
    public enum Kind: Sendable { case string, integer, boolean, list }
    public let name: String
    public let param: String
    public let kind: Kind

    public init(_ name: String, _ kind: Kind = .string, param: String? = nil) {
        self.name = name
        self.kind = kind
        self.param = param ?? name
    }
}

/// An RPC error that a seed route answers with its own status and code.
public struct ErrorOverride: Sendable {
    public let rpcCode: Int
    /// Only when `data.path` is this (e.g. `params.call_id`), when set.
    public let path: String?
    public let status: Int
    public let code: String

    public init(_ rpcCode: Int, path: String? = nil, status: Int, code: String) {
        self.rpcCode = rpcCode
        self.path = path
        self.status = status
        self.code = code
    }
}
