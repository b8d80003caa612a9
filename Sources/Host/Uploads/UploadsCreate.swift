import Foundation
import JSON
import RPC
import Runtime

/// `uploads/create`: a file for runs to take as attachments, from base64
/// bytes or from a file of the caller's workspace.
enum UploadsCreate: HostMethod {
    static let name = "uploads/create"
    static let summary = "Stores a file (base64 bytes or a file of the caller's workspace, at most uploads.maxBytes) for runs to take as attachments."

    struct Params: Decodable, Sendable, Scoped {
        var name: String?
        var mimeType: String?
        var contentBase64: String?
        var path: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case name, path, scope, mimeType = "mime_type", contentBase64 = "content_base64" }
    }

    typealias Result = UploadView

    static let paramsSchema = Schema.object([
        "name": Schema.string(maxLength: 1024, description: "Its file name (the last path component is kept; default: the path's, else \"upload\")."),
        "mime_type": Schema.string(minLength: 1, maxLength: 255,
                                   description: "Its media type, such as image/png (parameters are dropped), checked against the bytes; default: detected from them."),
        "content_base64": Schema.string(description: "The file's bytes, base64 (RFC 4648), at most uploads.maxBytes (8 MiB) decoded; or path."),
        "path": Schema.string(minLength: 1, maxLength: 4096,
                              description: "A regular file of the caller's workspace, relative to it (no link, no ..); or content_base64."),
        "scope": ScopeParams.schema,
    ])
    static let resultSchema = Schema.object(UploadView.properties, required: UploadView.required)
    static let example = UploadView.example

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let uploads = try await context.runtime().uploads
        let scope = try await context.scope(of: p)
        switch (p.contentBase64, p.path) {
        case (let base64?, nil):
            // Four base64 characters carry three bytes: a longer string is over the limit before it is decoded.
            if base64.utf8.count / 4 * 3 > uploads.maxBytes + 3 {
                throw PayloadLimits.tooLarge(path: "params.content_base64", size: base64.utf8.count / 4 * 3, limit: uploads.maxBytes)
            }
            guard let data = Data(base64Encoded: base64) else {
                throw RuntimeError.invalid("params.content_base64 is not base64", path: "params.content_base64")
            }
            return UploadView(try await uploads.create(name: p.name, mimeType: p.mimeType, data: data, in: scope))
        case (nil, let path?):
            return UploadView(try await uploads.create(name: p.name, mimeType: p.mimeType, path: path, in: scope))
        case (nil, nil):
            throw RuntimeError.invalid("params needs content_base64 (the bytes) or path (a file of the workspace)", path: "params.content_base64")
        case (_?, _?):
            throw RuntimeError.invalid("params takes content_base64 or path, not both", path: "params.path")
        }
    }
}
