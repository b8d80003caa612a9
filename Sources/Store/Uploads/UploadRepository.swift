import Foundation

/// Uploaded files (`uploads`), scoped like runs: another tenant's upload
/// reads as not found. The bytes live in the database (a blob, `bytea` on
/// PostgreSQL), so every worker of a shared database can read them.
public struct UploadRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func create(name: String, mimeType: String, data: Data, in scope: Scope, now: Date = Date()) async throws -> Upload {
        try TextRules.key(name, field: "original_name")
        try TextRules.key(mimeType, field: "mime_type")
        let id = Identifier.make(prefix: "upl_", now: now)
        return try await database.transaction(.tenant(scope), .write) { c in
            guard let upload = try c.queryFirst(
                """
                INSERT INTO uploads (org_id, user_id, project_id, id, original_name, mime_type, size, sha256, data, created_at)
                VALUES (\(.text(scope.orgID)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(id)), \(.text(name)),
                        \(.text(mimeType)), \(.int(data.count)), \(.text(SHA256.hex(data))), \(.blob(data)), \(.date(now)))
                RETURNING \(raw: Upload.columns)
                """, as: Upload.self)
            else { throw StoreError(.internal, "upload insert returned no row") }
            return upload
        }
    }

    /// The upload's record, without its bytes.
    public func get(_ id: String, in scope: Scope) async throws -> Upload? {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst("SELECT \(raw: Upload.columns) FROM uploads WHERE \(.inScope(scope)) AND id = \(.text(id))", as: Upload.self)
        }
    }

    /// The upload's record and its bytes.
    public func contents(_ id: String, in scope: Scope) async throws -> (Upload, Data)? {
        try await database.transaction(.tenant(scope), .read) { c in
            guard let row = try c.queryFirst("SELECT \(raw: Upload.columns), data FROM uploads WHERE \(.inScope(scope)) AND id = \(.text(id))")
            else { return nil }
            return (try Upload(row: row), row["data"].data ?? Data())
        }
    }

    /// Deletes the upload; its record as it was, or nil when the scope has none.
    public func delete(_ id: String, in scope: Scope) async throws -> Upload? {
        try await database.transaction(.tenant(scope), .write) { c in
            try c.queryFirst("DELETE FROM uploads WHERE \(.inScope(scope)) AND id = \(.text(id)) RETURNING \(raw: Upload.columns)", as: Upload.self)
        }
    }
}
