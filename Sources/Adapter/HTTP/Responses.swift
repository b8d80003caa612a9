import Hummingbird
import HTTPTypes
import JSON
import REST

/// How the adapter's answers are built: JSON bodies (one line, UTF-8), the
/// error envelope, no body for 204.
enum Responses {
    static let json: HTTPFields = [.contentType: "application/json; charset=utf-8"]

    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        Response(status: .init(code: status), headers: json, body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONWriter.encode(value))))
    }

    static func error(_ error: RESTError) -> Response {
        var response = json(error.body, status: error.status)
        switch error.status {
        case 401: response.headers[.wwwAuthenticate] = "Bearer"
        case 405:
            let allowed = error.details["allow"]?.arrayValue?.compactMap(\.stringValue) ?? []
            response.headers[.allow] = allowed.joined(separator: ", ")
        case 413: response.headers[.connection] = "close"
        case 503: response.headers[.retryAfter] = "1"
        default: break
        }
        return response
    }

    static func noContent() -> Response {
        Response(status: .noContent)
    }
}
