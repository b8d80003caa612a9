import Foundation
import Store

/// Re-embeds stored chunks with an embedder: those of one scope's view (its
/// private chunks and its project's shared ones) or of every tenant. Chunks
/// already embedded by this embedder at this dimension are skipped unless
/// `force`. Works in batches, one transaction each, so it can be stopped and
/// run again.
public struct Reembedder: Sendable {
    let database: Database
    let embedder: any Embedder
    let vectorIndex: SQLiteVectorIndex

    public struct Report: Sendable, Equatable {
        public var scanned = 0
        public var updated = 0
    }

    public func run(scope: Scope?, force: Bool = false, batchSize: Int = 128,
                    progress: @Sendable (Report) -> Void = { _ in }) async throws -> Report {
        var report = Report()
        var after: (org: String, id: String) = ("", "")
        let access: Access = scope.map(Access.tenant) ?? .system
        let name = embedder.name, dimension = embedder.dimension, dialect = database.dialect
        while true {
            var sql: SQL = "SELECT c.org_id, c.id, c.content FROM memory_chunks c WHERE (c.org_id, c.id) > (\(.text(after.org)), \(.text(after.id)))"
            if let scope {
                sql += " AND \(.inProject(scope, alias: "c")) AND (c.user_id = \(.text(scope.userID)) OR c.tier = 'archival' OR c.shared)"
            }
            if !force {
                sql += " AND (c.embedder IS NULL OR c.embedder <> \(.text(name)) OR c.dimension <> \(.int(dimension)))"
            }
            sql += " ORDER BY c.org_id, c.id LIMIT \(literal: batchSize)"
            let query = sql
            let rows = try await database.transaction(access, .read) { c in
                try c.query(query).map { (try $0.string("org_id"), try $0.string("id"), try $0.string("content")) }
            }
            guard let last = rows.last else { break }
            after = (last.0, last.1)
            let vectors = try await embedder.embed(rows.map(\.2))
            try await database.transaction(access) { c in
                for (row, vector) in zip(rows, vectors) {
                    let embedded = !VectorMath.isZero(vector)
                    try c.execute(
                        """
                        UPDATE memory_chunks SET embedder = \(embedded ? SQLValue.text(name) : .null), \
                        dimension = \(embedded ? SQLValue.int(dimension) : .null), embedding = \(MemoryRows.embedding(vector, dialect: dialect))
                        WHERE org_id = \(.text(row.0)) AND id = \(.text(row.1))
                        """)
                }
            }
            report.scanned += rows.count
            report.updated += rows.count
            progress(report)
        }
        vectorIndex.removeAll()
        return report
    }
}
