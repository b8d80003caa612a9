import Foundation
import JSON

/// A core block as `memory/core/get`, `memory/core/set` and the core memory
/// tools show it: every field always present (`role_id` null for a block
/// every role sees), with `chars` counted against `char_limit`.
public struct CoreBlockView: Encodable, Sendable, Equatable {
    public var id: String
    public var label: String
    public var content: String
    public var roleID: String?
    public var charLimit: Int
    public var chars: Int
    public var createdAt: String
    public var updatedAt: String

    public init(_ block: CoreBlock) {
        self.init(id: block.id, label: block.label, content: block.content, roleID: block.roleID, charLimit: block.charLimit,
                  createdAt: ISO8601.format(block.createdAt), updatedAt: ISO8601.format(block.updatedAt))
    }

    /// A block as written out field by field (examples, tests); `chars` is counted from `content`.
    public init(id: String, label: String, content: String, roleID: String? = nil, charLimit: Int, createdAt: String, updatedAt: String) {
        self.id = id
        self.label = label
        self.content = content
        self.roleID = roleID
        self.charLimit = charLimit
        chars = content.count
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, label, content, chars
        case roleID = "role_id", charLimit = "char_limit", createdAt = "created_at", updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(label, forKey: .label)
        try c.encode(content, forKey: .content)
        try c.encode(roleID, forKey: .roleID)
        try c.encode(charLimit, forKey: .charLimit)
        try c.encode(chars, forKey: .chars)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}
