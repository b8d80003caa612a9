import CCurl
import CCurlShim

/// How an `HTTPRequest` becomes libcurl options. Proxies come from the usual
/// environment variables (libcurl's default, deliberately left on) and TLS
/// uses the system CA store libcurl was built with.
enum CurlOptions {
    static func apply(_ request: HTTPRequest, to easy: UnsafeMutableRawPointer, headers: UnsafeMutablePointer<curl_slist>?, errorBuffer: UnsafeMutablePointer<CChar>) {
        // libcurl copies string options, so these pointers need not outlive the calls.
        _ = request.url.withCString { oi_curl_easy_setopt_ptr(easy, CURLOPT_URL, $0) }
        _ = "http,https".withCString { oi_curl_easy_setopt_ptr(easy, CURLOPT_PROTOCOLS_STR, $0) }
        _ = "openintern-swift".withCString { oi_curl_easy_setopt_ptr(easy, CURLOPT_USERAGENT, $0) }
        // Signals would be raised on the loop thread for DNS timeouts; never use them.
        _ = oi_curl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = oi_curl_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        // A proxy's own CONNECT response must not be mistaken for the server's head.
        _ = oi_curl_easy_setopt_long(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        _ = oi_curl_easy_setopt_ptr(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = oi_curl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(request.timeouts.connect.milliseconds))
        if let total = request.timeouts.total {
            _ = oi_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(total.milliseconds))
        }
        // Rejects a too-long Content-Length before any byte of the body.
        _ = oi_curl_easy_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxResponseBytes))
        if let headers { _ = oi_curl_easy_setopt_ptr(easy, CURLOPT_HTTPHEADER, headers) }
        // Peer and host verification stay on (libcurl's defaults); only the trust store may change.
        if let path = request.caBundlePath { _ = path.withCString { oi_curl_easy_setopt_ptr(easy, CURLOPT_CAINFO, $0) } }

        let method = request.method.uppercased()
        switch method {
        case "GET" where request.body == nil:
            _ = oi_curl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
        case "HEAD":
            _ = oi_curl_easy_setopt_long(easy, CURLOPT_NOBODY, 1)
        default:
            if method != "POST" {
                _ = method.withCString { oi_curl_easy_setopt_ptr(easy, CURLOPT_CUSTOMREQUEST, $0) }
            }
            if let body = request.body ?? (method == "POST" ? [] : nil) {
                _ = oi_curl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                // COPYPOSTFIELDS: libcurl keeps its own copy, our array may go away.
                _ = (body.isEmpty ? [0] : body).withUnsafeBytes { oi_curl_easy_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
            }
        }
    }

    /// The request headers as a curl_slist, plus `Expect:` so libcurl never
    /// waits for a `100 Continue` a server may not send.
    static func headerList(_ headers: HTTPHeaders, omitting omitted: [String] = []) throws(HTTPError) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        var lines: [String] = []
        for field in headers {
            let badName = field.name.isEmpty || field.name.utf8.contains { $0 <= 0x20 || $0 == UInt8(ascii: ":") || $0 == 0x7F }
            let badValue = field.value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
            if badName || badValue {
                throw HTTPError(.invalidRequest, "header \(badName ? "name" : "value") of '\(badName ? "?" : field.name)' contains forbidden characters")
            }
            // "Name;" is libcurl's spelling of a header with an empty value.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        if headers["expect"] == nil { lines.append("Expect:") }
        // "Name:" with nothing after the colon removes a header libcurl would add itself.
        for name in omitted where !name.isEmpty && !name.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: ":") }) { lines.append("\(name):") }
        for line in lines {
            guard let next = line.withCString({ curl_slist_append(list, $0) }) else {
                curl_slist_free_all(list)
                throw HTTPError(.unavailable, "out of memory building headers")
            }
            list = next
        }
        return list
    }

    /// A libcurl result as an `HTTPError` (nil for success).
    static func error(for code: CURLcode, buffer: UnsafeMutablePointer<CChar>) -> HTTPError? {
        if code == CURLE_OK { return nil }
        let detail = String(cString: buffer)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let kind: HTTPError.Code
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_PROXY:
            kind = .connect
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
            CURLE_SSL_CLIENTCERT:
            kind = .tls
        case CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            kind = .connectionLost
        case CURLE_FILESIZE_EXCEEDED:
            kind = .tooLarge
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            kind = .invalidRequest
        default:
            kind = .transport
        }
        return HTTPError(kind, message, curlCode: Int(code.rawValue))
    }
}
