import Foundation
import JSON
import RPC
import Runtime

/// `uploads/get`: an upload's metadata, and its bytes when asked.
enum UploadsGet: HostMethod {
    static let name = "uploads/get"
    static let summary = "Returns an upload of the caller's scope: its metadata, and its bytes (content_base64) with include_content: true."

    struct Params: Decodable, Sendable, Scoped {
        var uploadID: String
        var includeContent: Bool?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case scope, uploadID = "upload_id", includeContent = "include_content" }
    }

    typealias Result = UploadView

    static let paramsSchema = Schema.object([
        "upload_id": UploadView.uploadID,
        "include_content": Schema.boolean,
        "scope": ScopeParams.schema,
    ], required: ["upload_id"])
    static let resultSchema = Schema.object(UploadView.properties.merging(["content_base64": Schema.string()]) { a, _ in a },
                                            required: UploadView.required)
    static let example = UploadView(uploadID: UploadView.example.uploadID, originalName: "chart.png", mimeType: "image/png", size: 5,
                                    sha256: UploadView.example.sha256, createdAt: UploadView.example.createdAt, contentBase64: "aGVsbG8=")

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let uploads = try await context.runtime().uploads
        let scope = try await context.scope(of: p)
        if p.includeContent == true {
            let (upload, data) = try await uploads.get(p.uploadID, in: scope)
            return UploadView(upload, data: data)
        }
        return UploadView(try await uploads.metadata(p.uploadID, in: scope))
    }
}

/// `uploads/delete`.
enum UploadsDelete: HostMethod {
    static let name = "uploads/delete"
    static let summary = "Deletes an upload of the caller's scope; runs that took it no longer see its bytes."

    struct Params: Decodable, Sendable, Scoped {
        var uploadID: String
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case scope, uploadID = "upload_id" }
    }

    struct Result: Encodable, Sendable {
        var deleted: Bool
        var uploadID: String
        enum CodingKeys: String, CodingKey { case deleted, uploadID = "upload_id" }
    }

    static let paramsSchema = Schema.object(["upload_id": UploadView.uploadID, "scope": ScopeParams.schema], required: ["upload_id"])
    static let resultSchema = Schema.object(["deleted": Schema.boolean, "upload_id": Schema.string()], required: ["deleted", "upload_id"])
    static let example = Result(deleted: true, uploadID: UploadView.example.uploadID)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let upload = try await context.runtime().uploads.delete(p.uploadID, in: try await context.scope(of: p))
        return Result(deleted: true, uploadID: upload.id)
    }
}
