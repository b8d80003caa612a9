import Foundation
import Hummingbird
import HTTPTypes
import JSON
import Logging
import REST
import RPC
import Synchronization

/// Every HTTP request: CORS, then `/api` (and `/health`) through the route
/// table — token, scope, params, one RPC call, the seed's shape — and
/// everything else from the console's files. Errors are the one envelope;
/// bad input is never a 500.
struct APIResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let host: HostLink
    let gate: TokenGate
    let feeds: RunFeeds
    let streams: EventStreams
    let settings: AdapterSettings
    let web: WebFiles?
    let cors: CORSPolicy
    let logger: Logger
    let openAPI = Guarded<JSONValue?>(nil)

    func respond(to request: Request, context: Context) async throws -> Response {
        let origin = request.headers[.origin]
        if request.method == .options, origin != nil, request.headers[HTTPField.Name("access-control-request-method")!] != nil {
            return preflight(origin: origin)
        }
        let path = request.uri.path
        var response: Response
        if path == "/health" || path == "/api" || path.hasPrefix("/api/") {
            response = await api(request, path: path)
        } else {
            response = files(request, path: path)
        }
        if cors.allows(origin), let origin {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlAllowCredentials] = "true"
            response.headers[.vary] = "Origin"
        }
        return response
    }

    private func preflight(origin: String?) -> Response {
        var response = Responses.noContent()
        if cors.allows(origin), let origin {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlAllowCredentials] = "true"
            response.headers[.accessControlAllowMethods] = CORSPolicy.allowedMethods
            response.headers[.accessControlAllowHeaders] = CORSPolicy.allowedHeaders
            response.headers[.accessControlMaxAge] = "600"
            response.headers[.vary] = "Origin"
        }
        return response
    }

    private func files(_ request: Request, path: String) -> Response {
        guard request.method == .get || request.method == .head else { return Responses.error(.methodNotAllowed(["GET"])) }
        guard let web else {
            // A browser asking for the console before `make web`: say how to build it.
            let wantsHTML = request.headers[.accept]?.contains("text/html") ?? false
            return wantsHTML ? Responses.consoleMissing(settings.webDirectory) : Responses.error(.endpointNotFound)
        }
        guard let file = web.file(for: path) else { return Responses.error(.endpointNotFound) }
        return Response(status: .ok, headers: [.contentType: file.contentType, .cacheControl: "no-cache"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    private func api(_ request: Request, path: String) async -> Response {
        let route: Route, values: [String: String]
        switch RouteTable.resolve(request.method.rawValue, path) {
        case .success(let found): (route, values) = found
        case .failure(let error): return Responses.error(error)
        }
        do {
            let query = QueryString.parse(request.uri.query ?? "")
            let isStream = route.kind == .runStream || route.kind == .scopeStream || route.kind == .jobStream
            var body: JSONValue?
            var raw: [UInt8]?
            if route.kind == .upload {
                raw = try await RequestReading.rawBody(request, limit: settings.maxUploadBytes)
            } else if !isStream && request.method != .get && request.method != .head {
                body = try await RequestReading.jsonBody(request, limit: settings.maxBodyBytes)
            }
            var identity: TokenIdentity?
            if !route.isPublic {
                identity = try await gate.admit(token: RequestReading.token(request, query: query, allowQuery: isStream))
            }
            var scope: JSONValue?
            if route.scoped {
                let sources = ScopeResolver.Sources(headers: RequestReading.scopeHeaders(request), body: body, query: query)
                scope = try ScopeResolver.resolve(sources, token: identity)
            }
            switch route.kind {
            case .call:
                let params = try RequestTranslator.params(for: route, path: values, query: query, body: body, scope: scope)
                let result = try await host.call(route.method, params)
                return success(route, result)
            case .runStream:
                return try await streams.run(request, runID: values["run_id"] ?? "", scope: scope ?? [:], query: query)
            case .jobStream:
                return try await streams.job(request, jobID: values["job_id"] ?? "", scope: scope ?? [:], query: query)
            case .scopeStream:
                let params = try RequestTranslator.params(for: route, path: values, query: query, body: nil, scope: scope)
                return try await streams.scope(request, params: params)
            case .openAPI:
                return Responses.json(try await document())
            case .upload:
                var params: [String: JSONValue] = ["content_base64": .string(Data(raw ?? []).base64EncodedString())]
                // No Content-Type, or the generic one, leaves the type to the host to detect from the bytes.
                if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/octet-stream") {
                    params["mime_type"] = .string(type)
                }
                if let name = request.headers[RequestReading.fileName] { params["name"] = .string(name.removingPercentEncoding ?? name) }
                if let scope { params["scope"] = scope }
                return success(route, try await host.call(route.method, .object(params)))
            case .download:
                var params = try RequestTranslator.params(for: route, path: values, query: query, body: nil, scope: scope).objectValue ?? [:]
                params["include_content"] = true
                return Responses.file(try await host.call(route.method, .object(params)))
            }
        } catch {
            return failure(error, route: route)
        }
    }

    private func success(_ route: Route, _ result: JSONValue) -> Response {
        if route.status == 204 { return Responses.noContent() }
        let body = route.response?.transform(result, ResponseContext(sseClients: feeds.streamCount, timestamp: SSEFrame.now())) ?? result
        return Responses.json(body, status: route.status)
    }

    func failure(_ error: any Error, route: Route?) -> Response {
        switch error {
        case let error as RESTError:
            return Responses.error(error)
        case let error as RPCError:
            let mapped = ErrorTable.rest(code: error.code.rawValue, message: error.message, data: error.data, route: route,
                                         fieldNames: route?.request?.fieldNames ?? [:])
            if mapped.status == 500 {
                logger.error("the host failed", metadata: ["method": .string(route?.method ?? "?"), "error": .string(error.message)])
            }
            return Responses.error(mapped)
        case let error as HostUnavailable:
            return Responses.error(.hostUnavailable(error.description))
        case is CancellationError:
            return Responses.error(.hostUnavailable("the request was cancelled"))
        default:
            logger.error("request failed", metadata: ["error": .string("\(error)")])
            return Responses.error(RESTError(status: 500, code: "INTERNAL_ERROR", message: "An internal error occurred"))
        }
    }

    /// The OpenAPI document, built once from the host's `rpc.discover`.
    private func document() async throws -> JSONValue {
        if let built = openAPI.withLock({ $0 }) { return built }
        let discovered = try await host.call("rpc.discover")
        let document = OpenAPIDocument.build(methods: MethodSchema.fromOpenRPC(discovered),
                                             version: discovered["info"]?["version"]?.stringValue ?? AdapterInfo.version)
        openAPI.withLock { $0 = document }
        return document
    }
}
