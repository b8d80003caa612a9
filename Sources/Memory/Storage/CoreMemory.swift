import Foundation
import Store

/// One named core block: a small text always placed in the prompt of runs
/// in its scope (and, with a role id, only that role's runs).
public struct CoreBlock: Sendable, Equatable {
    public var id: String
    public var label: String
    public var content: String
    /// nil: every role.
    public var roleID: String?
    public var charLimit: Int
    public var createdAt: Date
    public var updatedAt: Date
}

/// Core memory (DESIGN §8): small named blocks per (org, user, project) and
/// role, edited in place by label and capped in characters (2,000 unless the
/// row says otherwise). Edits that would pass the cap are refused with a
/// message that says by how much, never truncated silently.
public struct CoreMemory: Sendable {
    let database: Database
    let limits: MemoryLimits

    /// The blocks a run with `roleID` sees: those for every role, then the role's own; by label.
    public func blocks(in scope: Scope, roleID: String? = nil) async throws -> [CoreBlock] {
        try MemoryValidation.optionalID(roleID, field: "role_id")
        return try await database.transaction(.tenant(scope), .read) { c in
            try c.query(
                """
                SELECT \(raw: CoreBlock.columns) FROM core_blocks
                WHERE \(.inScope(scope)) AND role_id IN ('', \(.text(roleID ?? "")))
                ORDER BY role_id, label
                """, as: CoreBlock.self)
        }
    }

    /// Sets a block's content, creating the block if needed.
    public func set(_ label: String, content: String, roleID: String? = nil, in scope: Scope, now: Date = Date()) async throws -> CoreBlock {
        try MemoryValidation.label(label)
        try MemoryValidation.optionalID(roleID, field: "role_id")
        try MemoryValidation.text(content, field: "content", maxBytes: limits.coreBlockChars * 4)
        return try await edit(label, roleID: roleID, in: scope, now: now) { _ in content }
    }

    /// Appends to a block (on a new line), creating it if needed.
    public func append(_ label: String, content: String, roleID: String? = nil, in scope: Scope, now: Date = Date()) async throws -> CoreBlock {
        try MemoryValidation.label(label)
        try MemoryValidation.optionalID(roleID, field: "role_id")
        try MemoryValidation.text(content, field: "content", maxBytes: limits.coreBlockChars * 4)
        guard !content.isEmpty else { throw MemoryError.invalid("content must not be empty", field: "content") }
        return try await edit(label, roleID: roleID, in: scope, now: now) { old in
            guard let old, !old.isEmpty else { return content }
            return old + "\n" + content
        }
    }

    /// Replaces every occurrence of `old` in an existing block with `new`.
    public func replace(_ label: String, old: String, new: String, roleID: String? = nil, in scope: Scope, now: Date = Date()) async throws -> CoreBlock {
        try MemoryValidation.label(label)
        try MemoryValidation.optionalID(roleID, field: "role_id")
        guard !old.isEmpty else { throw MemoryError.invalid("old must not be empty", field: "old") }
        try MemoryValidation.text(new, field: "new", maxBytes: limits.coreBlockChars * 4)
        return try await edit(label, roleID: roleID, in: scope, now: now) { current in
            guard let current else { throw MemoryError(.notFound, "core block '\(label)' does not exist", field: "label") }
            guard current.contains(old) else { throw MemoryError.invalid("core block '\(label)' does not contain the old text", field: "old") }
            return current.replacingOccurrences(of: old, with: new)
        }
    }

    /// Read, change and write one block in one transaction.
    private func edit(_ label: String, roleID: String?, in scope: Scope, now: Date,
                      _ change: @escaping @Sendable (String?) throws -> String) async throws -> CoreBlock {
        let maxBlocks = limits.maxCoreBlocks, defaultLimit = limits.coreBlockChars
        return try await database.transaction(.tenant(scope)) { c in
            let role: SQL = "\(.inScope(scope)) AND role_id = \(.text(roleID ?? ""))"
            let existing = try c.queryFirst("SELECT content, char_limit FROM core_blocks WHERE \(role) AND label = \(.text(label))")
            if existing == nil {
                let count = try c.queryFirst("SELECT count(*) AS n FROM core_blocks WHERE \(role)")?["n"].int64 ?? 0
                guard count < maxBlocks else {
                    throw MemoryError(.limitExceeded, "this scope already has \(maxBlocks) core blocks; replace or reuse one", field: "label")
                }
            }
            let limit = existing?["char_limit"].int64.map(Int.init) ?? defaultLimit
            let content = try change(existing?["content"].string)
            guard content.count <= limit else {
                throw MemoryError(.limitExceeded, "core block '\(label)' would hold \(content.count) characters; its limit is \(limit) — shorten it or replace old text", field: "content")
            }
            let block = try c.queryFirst(
                """
                INSERT INTO core_blocks (org_id, user_id, project_id, role_id, label, id, content, char_limit, created_at, updated_at)
                VALUES (\(.text(scope.orgID)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(roleID ?? "")), \(.text(label)),
                    \(.text(Identifier.make(prefix: "core_", now: now))), \(.text(content)), \(.int(limit)), \(.date(now)), \(.date(now)))
                ON CONFLICT (org_id, user_id, project_id, role_id, label) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at
                RETURNING \(raw: CoreBlock.columns)
                """, as: CoreBlock.self)
            guard let block else { throw StoreError(.internal, "core block upsert returned nothing") }
            return block
        }
    }
}

extension CoreBlock: RowDecodable {
    static let columns = "id, label, content, role_id, char_limit, created_at, updated_at"

    public init(row: Row) throws {
        let role = try row.string("role_id")
        self.init(id: try row.string("id"), label: try row.string("label"), content: try row.string("content"),
                  roleID: role.isEmpty ? nil : role, charLimit: try row.int("char_limit"),
                  createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
