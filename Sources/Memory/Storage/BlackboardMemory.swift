import Foundation
import JSON
import Store

/// Writes group blackboard entries as episodic memory of the group: chunked
/// and embedded like any memory (tier `episodic`, `group_id` set,
/// `source_type` `blackboard`, `source_key` the group run, `shared`), so
/// `memory/search` finds them in every mode, for every user of the group's
/// (org, project) — the one kind of episodic memory that is not private. Reading entries back is `BlackboardRepository`'s.
public struct BlackboardMemory: Sendable {
    let database: Database
    let store: MemoryStore
    let embedderName: String

    /// Writes an entry; `StoreError.notFound` (field `group_id`) when the
    /// group is not in `scope`. With a fixed `id` already stored, returns that
    /// entry unchanged (a resumed orchestrator writes each entry once).
    public func write(_ new: NewBlackboardEntry, in scope: Scope, now: Date = Date()) async throws -> BlackboardEntry {
        let metadata = try BlackboardRepository.validate(new)
        if let fixed = new.id, let stored = try await database.blackboard.get(fixed, groupID: new.groupID, in: scope) {
            return stored
        }
        var memory = NewMemory(tier: .episodic, content: new.content, title: new.type, metadata: try JSONParser.parse(metadata),
                               importance: new.importance, roleID: new.roleID, groupID: new.groupID,
                               sourceType: BlackboardRepository.sourceType, sourceKey: new.runID)
        memory.shared = true
        let prepared = try await store.prepare([memory])
        let id = new.id ?? Identifier.make(prefix: "mem_", now: now)
        let dialect = database.dialect, embedderName = embedderName
        return try await database.transaction(.tenant(scope), .write) { c in
            try GroupRepository.requireGroup(c, new.groupID, scope: scope)
            if let stored = try BlackboardRepository.fetch(c, id, groupID: new.groupID, scope: scope) { return stored }
            if new.id != nil, try c.queryFirst("SELECT 1 AS taken FROM memories WHERE org_id = \(.text(scope.orgID)) AND id = \(.text(id))") != nil {
                throw StoreError(.conflict, "id \(id) is taken by another memory", field: "id")
            }
            _ = try MemoryStore.insert(prepared[0], id: id, embedder: embedderName, in: scope, now: now, dialect: dialect, replacingSource: false, c)
            guard let entry = try BlackboardRepository.fetch(c, id, groupID: new.groupID, scope: scope) else {
                throw StoreError(.conflict, "entry \(id) was written but cannot be read back", field: "id")
            }
            return entry
        }
    }
}
