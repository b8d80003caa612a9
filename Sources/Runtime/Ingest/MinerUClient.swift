import Foundation
import HTTP
import JSON

/// `mineru.*`: whether MinerU is used, and how it is called.
public struct MinerUSettings: Sendable {
    public var enabled: Bool
    var apiKey: String?
    public var baseURL: String
    public var timeout: Duration
    public var maxRetries: Int
    public var pollInterval: Duration
    public var maxPollAttempts: Int
    public var modelVersion: String

    public init(config: Config) {
        enabled = config["mineru.enabled"]?.boolValue ?? false
        apiKey = config.string("mineru.apiKey").flatMap { $0.isEmpty ? nil : $0 }
        var base = config.string("mineru.baseUrl") ?? "https://mineru.net/api/v4"
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
        timeout = .milliseconds(config.int("mineru.timeoutMs") ?? 30_000)
        maxRetries = Int(config.int("mineru.maxRetries") ?? 3)
        pollInterval = .milliseconds(config.int("mineru.pollIntervalMs") ?? 3000)
        maxPollAttempts = Int(config.int("mineru.maxPollAttempts") ?? 120)
        modelVersion = config.string("mineru.defaultModelVersion") ?? "pipeline"
    }

    /// Enabled with an API key: otherwise PDFs are parsed locally.
    public var isConfigured: Bool { enabled && apiKey != nil }
    public var hasKey: Bool { apiKey != nil }
}

/// A MinerU failure: its envelope `code` (`A0202`, `-60010`…) and message.
struct MinerUError: Error, CustomStringConvertible {
    var code: String
    var message: String
    var description: String { "MinerU error \(code): \(message)" }
}

/// Where a MinerU extraction stands (a task, or one file of a batch).
struct MinerUState: Sendable, Equatable {
    var state: String
    var errorMessage: String?
    var zipURL: String?
    var extractedPages: Int?
    var totalPages: Int?

    init(_ data: JSONValue) {
        state = data["state"]?.stringValue ?? "pending"
        errorMessage = data["err_msg"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        zipURL = data["full_zip_url"]?.stringValue
        extractedPages = data["extract_progress"]?["extracted_pages"]?.intValue.map(Int.init)
        totalPages = data["extract_progress"]?["total_pages"]?.intValue.map(Int.init)
    }
}

/// The MinerU v4 API (WIRE.md §9): batch upload of local files, tasks for
/// URLs, polling, and the result zip.
struct MinerUClient: Sendable {
    let settings: MinerUSettings
    let http: IngestHTTP

    init(settings: MinerUSettings) {
        self.settings = settings
        http = IngestHTTP(timeout: settings.timeout, maxRetries: settings.maxRetries)
    }

    /// The options MinerU takes per file or task (the seed's `options`).
    static let fileOptions = ["is_ocr", "page_ranges", "data_id"]
    static let requestOptions = ["model_version", "enable_formula", "enable_table", "language", "no_cache", "cache_tolerance", "extra_formats"]

    /// Calls an API path and returns the envelope's `data`; a non-zero `code` throws.
    func call(_ method: String, _ path: String, body: JSONValue?) async throws -> JSONValue {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(settings.apiKey ?? "")", "Accept": "application/json"]
        if body != nil { headers.add("Content-Type", "application/json") }
        let reply = try await http.send(HTTPRequest(method: method, url: settings.baseURL + path, headers: headers, body: body.map(JSONWriter.encode)),
                                        maxBytes: 8 << 20)
        guard let envelope = reply.json else { throw MinerUError(code: "http_\(reply.status)", message: "MinerU answered HTTP \(reply.status) without JSON") }
        let code: String = switch envelope["code"] ?? envelope["msgCode"] {
        case .int(let n)?: String(n)
        case .string(let s)?: s
        default: envelope["success"]?.boolValue == false ? "unknown" : "0"
        }
        guard code == "0", reply.status < 400 else {
            throw MinerUError(code: code == "0" ? "http_\(reply.status)" : code, message: envelope["msg"]?.stringValue ?? "HTTP \(reply.status)")
        }
        return envelope["data"] ?? [:]
    }

    /// Step 1 of a local file: a batch with one file; its batch id and upload URL.
    func createBatch(fileName: String, dataID: String, options: [String: JSONValue]) async throws -> (batchID: String, uploadURL: String) {
        var file: [String: JSONValue] = ["name": .string(fileName), "data_id": .string(dataID)]
        for key in Self.fileOptions { if let v = options[key] { file[key] = v } }
        var body: [String: JSONValue] = ["files": [.object(file)], "model_version": .string(settings.modelVersion)]
        for key in Self.requestOptions { if let v = options[key] { body[key] = v } }
        let data = try await call("POST", "/file-urls/batch", body: .object(body))
        guard let batchID = data["batch_id"]?.stringValue, let url = data["file_urls"]?.arrayValue?.first?.stringValue else {
            throw MinerUError(code: "bad_reply", message: "file-urls/batch answered without batch_id or file_urls")
        }
        return (batchID, url)
    }

    /// Step 2: the raw bytes, PUT with no Content-Type (the signed URL refuses one).
    func upload(_ bytes: [UInt8], to url: String) async throws {
        var request = HTTPRequest(method: "PUT", url: url, body: bytes)
        request.omittedHeaders = ["Content-Type"]
        let reply = try await http.send(request, maxBytes: 1 << 20)
        guard (200..<300).contains(reply.status) else { throw MinerUError(code: "upload_\(reply.status)", message: "the upload URL answered HTTP \(reply.status)") }
    }

    /// Step 3: the state of the batch's first file.
    func batchState(_ batchID: String) async throws -> MinerUState {
        let data = try await call("GET", "/extract-results/batch/\(batchID)", body: nil)
        return MinerUState(data["extract_result"]?.arrayValue?.first ?? [:])
    }

    /// A task for a URL; its id.
    func createTask(url: String, dataID: String, options: [String: JSONValue]) async throws -> String {
        var body: [String: JSONValue] = ["url": .string(url), "data_id": .string(dataID), "model_version": .string(settings.modelVersion)]
        for key in Self.fileOptions + Self.requestOptions { if let v = options[key] { body[key] = v } }
        let data = try await call("POST", "/extract/task", body: .object(body))
        guard let id = data["task_id"]?.stringValue else { throw MinerUError(code: "bad_reply", message: "extract/task answered without task_id") }
        return id
    }

    func taskState(_ taskID: String) async throws -> MinerUState {
        MinerUState(try await call("GET", "/extract/task/\(taskID)", body: nil))
    }

    /// The result zip's bytes (a CDN URL: no Authorization header is sent there).
    func download(_ url: String, maxBytes: Int = 512 << 20) async throws -> [UInt8] {
        let reply = try await http.send(HTTPRequest(url: url), maxBytes: maxBytes)
        guard reply.status == 200 else { throw MinerUError(code: "download_\(reply.status)", message: "the result zip answered HTTP \(reply.status)") }
        return reply.body
    }
}
