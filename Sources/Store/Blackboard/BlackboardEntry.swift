import Foundation

/// One entry of a group's blackboard: a decision, a piece of evidence, a
/// to-do, a note, or a member's proposal. Stored as episodic memory of the
/// group (tier `episodic`, `group_id` set, `source_type` `blackboard`), so it
/// is shared within the group's (org, project) and found by memory search.
public struct BlackboardEntry: Sendable, Hashable {
    public var id: String
    public var groupID: String
    public var type: String
    public var content: String
    /// JSON array of references (`{"type": "...", "id": "..."}`).
    public var refs: String
    public var roleID: String?
    /// The group run that wrote it, if any.
    public var runID: String?
    /// JSON object; `blackboard: true`, `type`, `refs`, `run_id` and the writer's extras.
    public var metadata: String
    public var userID: String
    public var createdAt: Date
    public var updatedAt: Date

    /// The kinds of entry.
    public static let types = ["decision", "evidence", "todo", "note", "proposal"]
}

/// What a blackboard write needs.
public struct NewBlackboardEntry: Sendable, Hashable {
    public var groupID: String
    public var type: String
    public var content: String
    /// JSON array.
    public var refs: String
    public var roleID: String?
    public var runID: String?
    /// JSON object of extra metadata (merged under the system keys).
    public var metadata: String
    /// A fixed id makes the write idempotent: writing it again returns the
    /// stored entry (the orchestrator uses this to survive a crash between
    /// writing an entry and recording its event).
    public var id: String?

    public init(groupID: String, type: String, content: String, refs: String = "[]", roleID: String? = nil, runID: String? = nil,
                metadata: String = "{}", id: String? = nil) {
        self.groupID = groupID
        self.type = type
        self.content = content
        self.refs = refs
        self.roleID = roleID
        self.runID = runID
        self.metadata = metadata
        self.id = id
    }

    /// How much an entry of each type matters to retrieval (the seed's weights).
    public var importance: Double {
        switch type {
        case "decision": 0.8
        case "todo": 0.7
        case "evidence", "proposal": 0.6
        default: 0.5
        }
    }
}

extension BlackboardEntry: RowDecodable {
    /// The columns of `memories` an entry is read from; its type and refs are in the metadata.
    static let columns = "id, user_id, group_id, role_id, text, metadata, source_key, created_at, updated_at"

    public init(row: Row) throws {
        let metadata = try row.string("metadata")
        let object = (try? JSONSerialization.jsonObject(with: Data(metadata.utf8))) as? [String: Any] ?? [:]
        let refs = object["refs"].flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
        self.init(
            id: try row.string("id"), groupID: try row.string("group_id"), type: object["type"] as? String ?? "note",
            content: try row.string("text"), refs: refs.map { String(decoding: $0, as: UTF8.self) } ?? "[]",
            roleID: row.optionalString("role_id"), runID: row.optionalString("source_key"), metadata: metadata,
            userID: try row.string("user_id"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
