import JSON

/// One message of a conversation as providers see it. Stored in checkpoints,
/// so its wire names are fixed here.
public struct ChatMessage: Codable, Sendable, Equatable {
    public enum Role: String, Codable, Sendable { case system, user, assistant, tool }

    public var role: Role
    public var content: String
    public var toolCalls: [ToolCall]?
    public var toolCallID: String?
    /// The tool's name on a `tool` message (Gemini needs it for function responses).
    public var name: String?
    /// Images a user message carries (a run's attachments).
    public var images: [ChatImage]?

    public init(role: Role, content: String, toolCalls: [ToolCall]? = nil, toolCallID: String? = nil, name: String? = nil,
                images: [ChatImage]? = nil) {
        self.images = images
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case role, content, name, images
        case toolCalls = "tool_calls", toolCallID = "tool_call_id"
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
}

/// An image in a message: the upload it is (all a checkpoint keeps) and,
/// just before a model call, its bytes.
public struct ChatImage: Codable, Sendable, Equatable {
    public var uploadID: String
    public var mimeType: String
    /// Base64 bytes, loaded for a model call; never stored.
    public var data: String?

    public init(uploadID: String, mimeType: String, data: String? = nil) {
        self.uploadID = uploadID
        self.mimeType = mimeType
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case uploadID = "upload_id", mimeType = "mime_type"
    }
}

extension ChatMessage {
    /// The images whose bytes are loaded: what a provider sends.
    var loadedImages: [(mimeType: String, data: String)] {
        (images ?? []).compactMap { image in image.data.map { (image.mimeType, $0) } }
    }
}

/// A model's request to call a tool.
public struct ToolCall: Codable, Sendable, Equatable, Hashable {
    public var id: String
    public var name: String
    /// The arguments object; a string holding the raw text when the model
    /// produced arguments that are not valid JSON.
    public var arguments: JSONValue
    /// Gemini's opaque `thoughtSignature` of the part that carried this call;
    /// it must be sent back with the call on the next turn.
    public var thoughtSignature: String?

    public init(id: String, name: String, arguments: JSONValue, thoughtSignature: String? = nil) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.thoughtSignature = thoughtSignature
    }

    enum CodingKeys: String, CodingKey {
        case id, name, arguments
        case thoughtSignature = "thought_signature"
    }
}
