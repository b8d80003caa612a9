import Foundation
import JSON
import Store

/// An attachment as a run keeps it and its trace shows it (`run.started`'s
/// `agent.attachments`, `runs/export`): by reference, never its bytes.
public struct AttachmentRef: Codable, Sendable, Hashable {
    public var uploadID: String
    public var name: String
    public var mimeType: String
    public var size: Int

    public init(_ upload: Upload) {
        uploadID = upload.id
        name = upload.originalName
        mimeType = upload.mimeType
        size = upload.size
    }

    enum CodingKeys: String, CodingKey {
        case name, size
        case uploadID = "upload_id", mimeType = "mime_type"
    }

    /// Runs made before references kept the bare upload id.
    public init(from decoder: any Decoder) throws {
        if let id = try? decoder.singleValueContainer().decode(String.self) {
            uploadID = id
            name = "upload"
            mimeType = "application/octet-stream"
            size = 0
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        uploadID = try c.decode(String.self, forKey: .uploadID)
        name = try c.decode(String.self, forKey: .name)
        mimeType = try c.decode(String.self, forKey: .mimeType)
        size = try c.decode(Int.self, forKey: .size)
    }

    public var json: JSONValue {
        ["upload_id": .string(uploadID), "name": .string(name), "mime_type": .string(mimeType), "size": .int(Int64(size))]
    }
}
