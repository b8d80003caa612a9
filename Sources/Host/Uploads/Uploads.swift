import Foundation
import JSON
import RPC
import Runtime
import Store

/// An upload as `uploads/create` and `uploads/get` answer it (the seed's
/// fields, plus ours).
struct UploadView: Encodable, Sendable {
    var uploadID: String
    var originalName: String
    var mimeType: String
    var size: Int
    var sha256: String
    var createdAt: String
    /// `uploads/get` only: the bytes, base64.
    var data: String?

    enum CodingKeys: String, CodingKey {
        case size, sha256, data
        case uploadID = "upload_id", originalName = "original_name", mimeType = "mime_type", createdAt = "created_at"
    }

    init(_ upload: Upload, data: Data? = nil) {
        uploadID = upload.id
        originalName = upload.originalName
        mimeType = upload.mimeType
        size = upload.size
        sha256 = upload.sha256
        createdAt = ISO8601.format(upload.createdAt)
        self.data = data?.base64EncodedString()
    }

    init(uploadID: String, originalName: String, mimeType: String, size: Int, sha256: String, createdAt: String, data: String? = nil) {
        self.uploadID = uploadID
        self.originalName = originalName
        self.mimeType = mimeType
        self.size = size
        self.sha256 = sha256
        self.createdAt = createdAt
        self.data = data
    }

    static let uploadID = Schema.string(minLength: 1, maxLength: 64, pattern: "^upl_[A-Za-z0-9]+$")
    static let properties: [String: JSONValue] = [
        "upload_id": Schema.string(), "original_name": Schema.string(), "mime_type": Schema.string(), "size": Schema.integer(minimum: 1),
        "sha256": Schema.string(pattern: "^[0-9a-f]{64}$"), "created_at": Schema.timestamp,
    ]
    static let required = ["upload_id", "original_name", "mime_type", "size", "sha256", "created_at"]
    static let example = UploadView(uploadID: "upl_01MB4ZC8J6WQ2N3P5R7T9V1X3Z", originalName: "chart.png", mimeType: "image/png", size: 5,
                                    sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", createdAt: "2026-12-06T21:00:00.000Z")
}

/// `uploads/create`.
enum UploadsCreate: HostMethod {
    static let name = "uploads/create"
    static let summary = "Stores a file (base64 bytes, at most 8 MiB) for runs to take as attachments (runs/create attachments)."

    struct Params: Decodable, Sendable, Scoped {
        var data: String
        var mimeType: String
        var originalName: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case data, scope, mimeType = "mime_type", originalName = "original_name" }
    }

    typealias Result = UploadView

    static let paramsSchema = Schema.object([
        "data": Schema.string(maxLength: (UploadService.maxBytes / 3 + 1) * 4, description: "The file's bytes, base64 (RFC 4648), at most 8 MiB decoded."),
        "mime_type": Schema.string(minLength: 1, maxLength: 255, description: "Its media type, such as image/png (parameters are dropped)."),
        "original_name": Schema.string(maxLength: 1024, description: "Its file name (the last path component is kept; default \"upload\")."),
        "scope": ScopeParams.schema,
    ], required: ["data", "mime_type"])
    static let resultSchema = Schema.object(UploadView.properties, required: UploadView.required)
    static let example = UploadView.example

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        guard let data = Data(base64Encoded: p.data) else {
            throw RuntimeError.invalid("params.data is not base64", path: "params.data")
        }
        let upload = try await context.runtime().uploads.create(name: p.originalName, mimeType: p.mimeType, data: data,
                                                                in: try await context.scope(of: p))
        return UploadView(upload)
    }
}

/// `uploads/get`.
enum UploadsGet: HostMethod {
    static let name = "uploads/get"
    static let summary = "Returns an upload of the caller's scope with its bytes (base64)."

    struct Params: Decodable, Sendable, Scoped {
        var uploadID: String
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case scope, uploadID = "upload_id" }
    }

    typealias Result = UploadView

    static let paramsSchema = Schema.object(["upload_id": UploadView.uploadID, "scope": ScopeParams.schema], required: ["upload_id"])
    static let resultSchema = Schema.object(UploadView.properties.merging(["data": Schema.string()]) { a, _ in a },
                                            required: UploadView.required + ["data"])
    static let example = UploadView(uploadID: UploadView.example.uploadID, originalName: "chart.png", mimeType: "image/png", size: 5,
                                    sha256: UploadView.example.sha256, createdAt: UploadView.example.createdAt, data: "aGVsbG8=")

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let (upload, data) = try await context.runtime().uploads.get(p.uploadID, in: try await context.scope(of: p))
        return UploadView(upload, data: data)
    }
}
