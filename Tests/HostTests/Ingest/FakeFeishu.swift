import Foundation
import LoopbackServer
import RPC
import Synchronization

/// A loopback Feishu Open API (WIRE.md §8) answering byte for byte as the
/// docs show: tenant tokens at the top level, the `{code,msg,data}`
/// envelope, Drive's `next_page_token` and the wiki's `page_token`, an
/// empty page with `has_more`, a 429 with code 99991400, and a token that
/// expires mid-sync (99991663).
final class FakeFeishu: Sendable {
    struct Doc { var revision: Int; var title: String; var content: String }
    struct State {
        var docs: [String: Doc] = [
            "doxcnA": Doc(revision: 3, title: "Spec", content: "Spec\nThe ingestion pipeline stores narwhal migration charts.\n"),
            "doxcnB": Doc(revision: 1, title: "Nested", content: "Nested\nCassowaries guard the nested folder.\n"),
            "doxcnW1": Doc(revision: 7, title: "Handbook", content: "Handbook\nOnboarding starts with the axolotl tank.\n"),
            "doxcnW2": Doc(revision: 2, title: "Child", content: "Child\nThe child page lists pangolin facts.\n"),
            "doxcnW3": Doc(revision: 5, title: "Grandchild", content: "Grandchild\nDeep inside lives the okapi.\n"),
        ]
        var nestedFolder = ["doxcnB"]
        var tokensIssued = 0
        /// API calls a token answers before it "expires" (nil: never).
        var firstTokenLife: Int? = 4
        var callsWithFirstToken = 0
        var rateLimitOnce = true
        /// Milliseconds each raw_content answer takes (a slow document store).
        var rawContentDelayMs = 0
        var rawContentCalls: [String] = []
    }

    let state = Mutex(State())
    let appSecret = "fs-secret-\(UUID().uuidString.prefix(8))"
    private(set) nonisolated(unsafe) var server: LoopbackServer!

    init() throws {
        server = try LoopbackServer { [unowned self] request, connection in self.answer(request, connection) }
    }

    func stop() { server.stop() }

    func environment(pollMs: Int? = nil) -> [String: String] {
        var env = ["FEISHU_ENABLED": "true", "FEISHU_APP_ID": "cli_slkdjalasdkjasd", "FEISHU_APP_SECRET": appSecret, "FEISHU_BASE_URL": server.baseURL,
                   "FEISHU_MAX_RETRIES": "3"]
        if let pollMs { env["FEISHU_POLL_INTERVAL_MS"] = String(pollMs) }
        return env
    }

    private func ok(_ connection: LoopbackConnection, _ data: String) {
        _ = connection.respond(200, [("Content-Type", "application/json; charset=utf-8"), ("X-Tt-Logid", "2023061710343213")],
                               body: #"{"code":0,"msg":"success","data":"# + data + "}")
    }

    private func query(_ target: String) -> (path: String, items: [String: String]) {
        let parts = target.split(separator: "?", maxSplits: 1)
        var items: [String: String] = [:]
        for pair in (parts.count > 1 ? parts[1] : "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            items[String(kv[0])] = kv.count > 1 ? String(kv[1]).removingPercentEncoding : ""
        }
        return (String(parts[0]), items)
    }

    private func answer(_ request: LoopbackRequest, _ connection: LoopbackConnection) {
        let (path, q) = query(request.target)
        if path == "/open-apis/auth/v3/tenant_access_token/internal" {
            let body = (try? JSONParser.parse(request.body)) ?? [:]
            guard body["app_id"] == "cli_slkdjalasdkjasd", body["app_secret"]?.stringValue == appSecret else {
                _ = connection.respond(400, [("Content-Type", "application/json")], body: #"{"code":10014,"msg":"app secret invalid"}"#)
                return
            }
            let n = state.withLock { $0.tokensIssued += 1; return $0.tokensIssued }
            _ = connection.respond(200, [("Content-Type", "application/json; charset=utf-8")],
                                   body: #"{"code":0,"msg":"ok","tenant_access_token":"t-caecc734c2e3328a62489fe0648c4b9\#(n)","expire":7200}"#)
            return
        }
        let token = request.header("authorization") ?? ""
        let expired = state.withLock { s -> Bool in
            guard token == "Bearer t-caecc734c2e3328a62489fe0648c4b91", let life = s.firstTokenLife else { return false }
            s.callsWithFirstToken += 1
            return s.callsWithFirstToken > life
        }
        if !token.hasPrefix("Bearer t-") || expired {
            _ = connection.respond(400, [("Content-Type", "application/json")],
                                   body: #"{"code":99991663,"msg":"Invalid access token for authorization. Please make a request with token attached.","error":{"log_id":"20230617103432"}}"#)
            return
        }
        switch path {
        case "/open-apis/drive/v1/files":
            switch (q["folder_token"], q["page_token"]) {
            case ("fldcnRoot"?, nil):
                ok(connection, #"{"files":[{"token":"doxcnA","name":"Spec","type":"docx","parent_token":"fldcnRoot","url":"https://x.feishu.cn/docx/doxcnA","created_time":"1686125119","modified_time":"1686125119","owner_id":"ou_1"},{"token":"fldcnNested","name":"Nested","type":"folder","parent_token":"fldcnRoot"},{"token":"shtcnX","name":"Budget","type":"sheet","parent_token":"fldcnRoot","created_time":1686125119}],"has_more":true,"next_page_token":"MTY1page2"}"#)
            case ("fldcnRoot"?, "MTY1page2"?):
                ok(connection, #"{"files":[],"has_more":false,"next_page_token":""}"#)
            case ("fldcnNested"?, _):
                let limited = state.withLock { s -> Bool in defer { s.rateLimitOnce = false }; return s.rateLimitOnce }
                if limited {
                    _ = connection.respond(429, [("Content-Type", "application/json"), ("x-ogw-ratelimit-limit", "20"), ("x-ogw-ratelimit-reset", "0")],
                                           body: #"{"code":99991400,"msg":"request trigger frequency limit"}"#)
                    return
                }
                let files = state.withLock { $0.nestedFolder }.map { #"{"token":"\#($0)","name":"Nested doc","type":"docx","parent_token":"fldcnNested"}"# }
                ok(connection, #"{"files":[\#(files.joined(separator: ","))],"has_more":false}"#)
            default:
                ok(connection, #"{"files":[],"has_more":false}"#)
            }
        case "/open-apis/wiki/v2/spaces/get_node":
            ok(connection, #"{"node":{"space_id":"7034502641455497244","node_token":"wikcnRoot","obj_token":"doxcnW1","obj_type":"docx","parent_node_token":"","node_type":"origin","has_child":true,"title":"Handbook","obj_create_time":"1642402428","obj_edit_time":"1642402428"}}"#)
        case "/open-apis/wiki/v2/spaces/7034502641455497244/nodes":
            switch (q["parent_node_token"], q["page_token"]) {
            case ("wikcnRoot"?, nil):
                // Permission filtering: an empty page that still has more.
                ok(connection, #"{"items":[],"page_token":"wikpage2","has_more":true}"#)
            case ("wikcnRoot"?, "wikpage2"?):
                ok(connection, #"{"items":[{"space_id":"7034502641455497244","node_token":"wikcnChild","obj_token":"doxcnW2","obj_type":"docx","parent_node_token":"wikcnRoot","node_type":"origin","has_child":true,"title":"Child"},{"space_id":"7034502641455497244","node_token":"wikcnSheet","obj_token":"shtcnW","obj_type":"sheet","parent_node_token":"wikcnRoot","node_type":"origin","has_child":false,"title":"Numbers"}],"page_token":"","has_more":false}"#)
            case ("wikcnChild"?, _):
                ok(connection, #"{"items":[{"space_id":"7034502641455497244","node_token":"wikcnGrand","obj_token":"doxcnW3","obj_type":"docx","parent_node_token":"wikcnChild","node_type":"origin","has_child":false,"title":"Grandchild"}],"has_more":false}"#)
            default:
                ok(connection, #"{"items":[],"has_more":false}"#)
            }
        default:
            let parts = path.split(separator: "/")
            if parts.count >= 4, parts[0] == "open-apis", parts[1] == "docx", parts[2] == "v1", parts[3] == "documents", parts.count >= 5 {
                let id = String(parts[4])
                guard let doc = state.withLock({ $0.docs[id] }) else {
                    _ = connection.respond(404, [("Content-Type", "application/json")], body: #"{"code":1770002,"msg":"not found"}"#)
                    return
                }
                if parts.count == 6, parts[5] == "raw_content" {
                    let delay = state.withLock { s -> Int in s.rawContentCalls.append(id); return s.rawContentDelayMs }
                    if delay > 0 { connection.sleep(milliseconds: delay) }
                    ok(connection, #"{"content":\#(JSONValue.string(doc.content).description)}"#)
                } else {
                    ok(connection, #"{"document":{"document_id":"\#(id)","revision_id":\#(doc.revision),"title":"\#(doc.title)"}}"#)
                }
                return
            }
            _ = connection.respond(404, [("Content-Type", "application/json")], body: #"{"code":404,"msg":"no such path"}"#)
        }
    }
}
