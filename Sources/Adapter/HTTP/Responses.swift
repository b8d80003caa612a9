import Foundation
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

    /// 404 for a page of the console when `web/dist` was never built.
    static func consoleMissing(_ directory: String) -> Response {
        let html = """
            <!doctype html><meta charset="utf-8"><title>OpenIntern: console not built</title>
            <h1>The web console is not built</h1>
            <p>Build it with <code>make web</code> (it writes <code>web/dist</code>), then reload; or start the adapter with
            <code>--web DIR</code> naming a build. Looked in: <code>\(directory.htmlEscaped)</code>. The API is served under <code>/api</code>.</p>
            """
        return Response(status: .notFound, headers: [.contentType: "text/html; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: Array(html.utf8))))
    }

    /// An upload as its bytes: `uploads/get`'s base64 `content_base64`, typed by its `mime_type`.
    static func file(_ result: JSONValue) -> Response {
        let bytes = result["content_base64"]?.stringValue.flatMap { Data(base64Encoded: $0) } ?? Data()
        let name = (result["original_name"]?.stringValue ?? "upload").filter { $0 != "\"" && $0 != "\\" && !$0.isNewline }
        let ascii = String(name.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }.map(Character.init))
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii
        return Response(status: .ok, headers: [.contentType: result["mime_type"]?.stringValue ?? "application/octet-stream",
                                               .contentDisposition: "inline; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
                                               .cacheControl: "private, max-age=3600"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: Array(bytes))))
    }

    static func noContent() -> Response {
        Response(status: .noContent)
    }
}

extension String {
    var htmlEscaped: String {
        var out = ""
        for c in self {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
