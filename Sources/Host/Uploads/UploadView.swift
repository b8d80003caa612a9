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
    /// `uploads/get {include_content: true}` only: the bytes, base64.
    var contentBase64: String?

    enum CodingKeys: String, CodingKey {
        case size, sha256
        case contentBase64 = "content_base64"
        case uploadID = "upload_id", originalName = "original_name", mimeType = "mime_type", createdAt = "created_at"
    }

    init(_ upload: Upload, data: Data? = nil) {
        uploadID = upload.id
        originalName = upload.originalName
        mimeType = upload.mimeType
        size = upload.size
        sha256 = upload.sha256
        createdAt = ISO8601.format(upload.createdAt)
        contentBase64 = data?.base64EncodedString()
    }

    init(uploadID: String, originalName: String, mimeType: String, size: Int, sha256: String, createdAt: String, contentBase64: String? = nil) {
        self.uploadID = uploadID
        self.originalName = originalName
        self.mimeType = mimeType
        self.size = size
        self.sha256 = sha256
        self.createdAt = createdAt
        self.contentBase64 = contentBase64
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
