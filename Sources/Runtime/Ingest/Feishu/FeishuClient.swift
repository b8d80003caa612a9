import Foundation
import HTTP
import JSON

/// A Feishu Open API failure: its `code` (99991672, …) and `msg`.
struct FeishuError: Error, CustomStringConvertible {
    var code: Int64
    var message: String
    var description: String { "Feishu error \(code): \(message)" }
}

/// The Feishu Open API calls a sync makes (WIRE.md §8): the tenant access
/// token (cached until shortly before it expires, fetched again when a call
/// says it expired), Drive folders, wiki nodes, docx metadata and raw
/// content. Rate limits (HTTP 429, code 99991400) back off with jitter.
actor FeishuClient {
    let settings: FeishuSettings
    let http: IngestHTTP
    private var token: (value: String, until: ContinuousClock.Instant)?
    /// Tokens fetched, for tests and logs (never the token itself).
    private(set) var tokensFetched = 0

    static let tokenExpired: Set<Int64> = [99991663, 99991661, 99991664, 99991668, 99991677]
    static let rateLimited: Int64 = 99991400

    init(settings: FeishuSettings) {
        self.settings = settings
        http = IngestHTTP(timeout: settings.timeout, maxRetries: settings.maxRetries)
    }

    func accessToken(refresh: Bool = false) async throws -> String {
        if !refresh, let token, ContinuousClock.now < token.until { return token.value }
        guard let appID = settings.appID, let secret = settings.appSecret else {
            throw FeishuError(code: -1, message: "feishu.appId and feishu.appSecret are not configured")
        }
        let body: JSONValue = ["app_id": .string(appID), "app_secret": .string(secret)]
        let reply = try await http.send(HTTPRequest(method: "POST", url: settings.baseURL + "/open-apis/auth/v3/tenant_access_token/internal",
                                                    headers: ["Content-Type": "application/json; charset=utf-8"], body: JSONWriter.encode(body)),
                                        maxBytes: 1 << 20)
        guard let json = reply.json, json["code"]?.intValue == 0, let value = json["tenant_access_token"]?.stringValue else {
            throw FeishuError(code: reply.json?["code"]?.intValue ?? -1, message: "cannot get a tenant access token: \(reply.json?["msg"]?.stringValue ?? "HTTP \(reply.status)")")
        }
        // The SDK keeps a token until 10 minutes before it expires; a short-lived one for half its life.
        let expire = Double(json["expire"]?.intValue ?? 7200)
        let keep = max(1, expire - min(600, expire / 2))
        token = (value, ContinuousClock.now + .milliseconds(Int64(keep * 1000)))
        tokensFetched += 1
        return value
    }

    /// A GET of an Open API path; the envelope's `data`.
    func get(_ path: String, query: [(String, String?)]) async throws -> JSONValue {
        let items = query.compactMap { name, value in value.map { "\(name)=\(Self.escape($0))" } }
        let url = settings.baseURL + path + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
        var refreshed = false
        var limited = 0
        while true {
            let token = try await accessToken()
            let reply = try await http.send(HTTPRequest(url: url, headers: ["Authorization": "Bearer \(token)"]), maxBytes: 32 << 20)
            let code = reply.json?["code"]?.intValue ?? (reply.status == 200 ? 0 : -1)
            if code == 0, reply.status < 400 { return reply.json?["data"] ?? [:] }
            if Self.tokenExpired.contains(code) && !refreshed {
                refreshed = true
                self.token = nil
                continue
            }
            if (code == Self.rateLimited || reply.status == 429) && limited < max(settings.maxRetries, 1) {
                limited += 1
                try await Task.sleep(for: http.delay(limited, reply: reply))
                continue
            }
            throw FeishuError(code: code, message: reply.json?["msg"]?.stringValue ?? "HTTP \(reply.status)")
        }
    }

    /// Every item of a paged list: `cursorField` is `next_page_token` (Drive)
    /// or `page_token` (wiki); an empty page with `has_more` goes on.
    func pages(_ path: String, query: [(String, String?)], itemsField: String, cursorField: String, limit: Int = 100_000) async throws -> [JSONValue] {
        var all: [JSONValue] = []
        var cursor: String?
        var seen: Set<String> = []
        repeat {
            let data = try await get(path, query: query + [("page_token", cursor)])
            all += data[itemsField]?.arrayValue ?? []
            let next = data[cursorField]?.stringValue
            guard data["has_more"]?.boolValue == true, let next, !next.isEmpty, seen.insert(next).inserted else { break }
            cursor = next
        } while all.count < limit
        return all
    }

    func folderFiles(_ folderToken: String) async throws -> [JSONValue] {
        try await pages("/open-apis/drive/v1/files", query: [("folder_token", folderToken), ("page_size", "50")],
                        itemsField: "files", cursorField: "next_page_token")
    }

    func wikiNode(_ token: String) async throws -> JSONValue {
        try await get("/open-apis/wiki/v2/spaces/get_node", query: [("token", token), ("obj_type", "wiki")])["node"] ?? [:]
    }

    func wikiChildren(spaceID: String, parent: String) async throws -> [JSONValue] {
        try await pages("/open-apis/wiki/v2/spaces/\(Self.escape(spaceID))/nodes", query: [("page_size", "50"), ("parent_node_token", parent)],
                        itemsField: "items", cursorField: "page_token")
    }

    func document(_ documentID: String) async throws -> JSONValue {
        try await get("/open-apis/docx/v1/documents/\(Self.escape(documentID))", query: [])["document"] ?? [:]
    }

    func rawContent(_ documentID: String) async throws -> String {
        try await get("/open-apis/docx/v1/documents/\(Self.escape(documentID))/raw_content", query: [("lang", "0")])["content"]?.stringValue ?? ""
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+?/#"))) ?? text
    }
}
