import Foundation
import Store
import Synchronization

/// The vector component on SQLite: an exact scan, over an in-process copy of
/// the vectors of one (org, project, embedder, dimension) partition.
///
/// SQLite has no vector index, and reading 100k float32 blobs through SQL
/// for every query costs far more than the arithmetic (each row is a page
/// visit and an allocation). So the partition's vectors are kept here as one
/// contiguous `[Float]` and scanned with SIMD dot products. The copy is
/// checked against `memory_revisions` (kept by triggers) on every search:
/// new rows are appended, any update or delete reloads the partition.
///
/// The scope is still decided in SQL. The copy carries each row's owner,
/// tier, role, group and time only to skip rows early; the candidates it
/// finds are re-read with the full `ChunkFilter` in the `WHERE`, and only
/// what that query returns is a hit.
final class SQLiteVectorIndex: Sendable {
    struct Key: Hashable, Sendable {
        var orgID: String
        var projectKey: String
        var embedder: String
        var dimension: Int
    }

    /// What the scan checks before computing a row's similarity.
    struct Attributes: Sendable {
        var tier: UInt8
        /// Readable by every user of the partition (blackboard entries).
        var shared: Bool
        /// Interned ids; -1 is NULL.
        var user: Int32
        var role: Int32
        var group: Int32
        /// Milliseconds since 1970.
        var created: Int64
    }

    /// One partition's vectors and the attributes used to skip rows early.
    struct Partition: Sendable {
        var revision: Int64 = -1
        var mutation: Int64 = -1
        var maxRowid: Int64 = 0
        var rowids: [Int64] = []
        var vectors: [Float] = []
        var attributes: [Attributes] = []
        /// Interned strings (user, role and group ids); -1 is NULL.
        var strings: [String] = []
        var stringIDs: [String: Int32] = [:]
        var lastUsed: UInt64 = 0

        var count: Int { rowids.count }

        mutating func intern(_ s: String?) -> Int32 {
            guard let s else { return -1 }
            if let id = stringIDs[s] { return id }
            let id = Int32(strings.count)
            strings.append(s)
            stringIDs[s] = id
            return id
        }

        mutating func append(_ row: Row, dimension: Int) throws {
            guard let data = row["embedding"].data, data.count == dimension * 4 else { return }
            let rowid = try row.int64("chunk_rowid")
            rowids.append(rowid)
            maxRowid = max(maxRowid, rowid)
            let start = vectors.count
            vectors.append(contentsOf: repeatElement(0, count: dimension))
            vectors.withUnsafeMutableBufferPointer { buffer in
                data.withUnsafeBytes { raw in
                    for i in 0..<dimension {
                        buffer[start + i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                    }
                }
            }
            attributes.append(Attributes(
                tier: Self.tierCode(MemoryTier(rawValue: try row.string("tier")) ?? .archival),
                shared: (row["shared"].int64 ?? 0) != 0,
                user: intern(try row.string("user_id")), role: intern(row.optionalString("role_id")),
                group: intern(row.optionalString("group_id")), created: Timestamp.milliseconds(try row.date("created_at"))))
        }

        static func tierCode(_ tier: MemoryTier) -> UInt8 {
            switch tier {
            case .core: 0
            case .episodic: 1
            case .archival: 2
            }
        }
    }

    private struct State {
        var partitions: [Key: Partition] = [:]
        var clock: UInt64 = 0
    }

    private let state = Mutex(State())
    /// Partitions kept at once; the least recently used is dropped.
    let capacity: Int

    init(capacity: Int = 8) {
        self.capacity = max(1, capacity)
    }

    /// The best `limit` chunks by cosine similarity that pass `filter`.
    func search(_ vector: [Float], embedder: String, filter: ChunkFilter, limit: Int, database: Database) async throws -> [ChunkRow] {
        let key = Key(orgID: filter.scope.orgID, projectKey: filter.scope.projectKey, embedder: embedder, dimension: vector.count)
        let partition = try await refreshed(key, scope: filter.scope, database: database)
        var want = filter.filters.metadata == nil ? limit : limit * 4
        while true {
            let candidates = Self.scan(partition, query: vector, filter: filter, limit: want)
            guard !candidates.isEmpty else { return [] }
            let scores = Dictionary(uniqueKeysWithValues: candidates.map { (partition.rowids[$0.index], Double($0.score)) })
            let rows = try await database.transaction(.tenant(filter.scope), .read) { c in
                let rowids = "[" + candidates.map { String(partition.rowids[$0.index]) }.joined(separator: ",") + "]"
                return try c.query("""
                    SELECT c.chunk_rowid, \(raw: ChunkRow.columns)
                    FROM json_each(\(.text(rowids))) AS j
                    CROSS JOIN memory_chunks c ON c.chunk_rowid = j.value
                    WHERE \(filter.sql(alias: "c", dialect: .sqlite))
                    """).map { row in
                    var chunk = try ChunkRow(row: row)
                    chunk.score = scores[try row.int64("chunk_rowid")] ?? 0
                    return chunk
                }
            }
            // CROSS JOIN fixes the join order: look the candidates up by rowid
            // (SQLite would otherwise scan the scope index and test each row).
            // Rows the SQL filter rejected (only metadata filters are not
            // pre-checked) leave gaps: look further down the ranking.
            if rows.count >= min(limit, candidates.count) || candidates.count < want {
                return Array(rows.sorted { a, b in
                    let x = VectorScore.stable(a.score), y = VectorScore.stable(b.score)
                    return x != y ? x > y : a.id < b.id
                }.prefix(limit))
            }
            want *= 4
        }
    }

    /// Indices and scores of the best `limit` rows passing the cached attributes.
    static func scan(_ p: Partition, query: [Float], filter: ChunkFilter, limit: Int) -> [(index: Int, score: Float)] {
        let d = query.count
        let userID = p.stringIDs[filter.scope.userID] ?? -2
        let roleID = filter.filters.roleID.map { p.stringIDs[$0] ?? -2 }
        let roleGroupID = filter.filters.roleGroupID.map { p.stringIDs[$0] ?? -2 } ?? -2
        let groupID = filter.filters.groupID.map { p.stringIDs[$0] ?? -2 }
        var tierMask: UInt8 = 0
        for tier in filter.tiers { tierMask |= 1 << Partition.tierCode(tier) }
        let from = filter.filters.createdFrom.map(Timestamp.milliseconds) ?? .min
        let before = filter.filters.createdBefore.map(Timestamp.milliseconds) ?? .max
        let archival = Partition.tierCode(.archival)
        // Raw buffers and a heap local to the loop: no retain, release or
        // exclusivity check per row.
        return query.withUnsafeBufferPointer { q in
            p.vectors.withUnsafeBufferPointer { all in
                p.attributes.withUnsafeBufferPointer { rows in
                    var heap = TopK(capacity: limit)
                    guard let qBase = q.baseAddress, let base = all.baseAddress else { return [] }
                    for i in 0..<rows.count {
                        let a = rows[i]
                        guard a.user == userID || a.tier == archival || a.shared else { continue }
                        guard tierMask & (1 << a.tier) != 0, a.created >= from, a.created < before else { continue }
                        if let roleID, a.role != roleID, a.role != -1, a.group != roleGroupID { continue }
                        if let groupID, a.group != groupID { continue }
                        heap.insert(i, VectorMath.dot(qBase, base + i * d, count: d))
                    }
                    return heap.sorted()
                }
            }
        }
    }

    /// The partition brought up to date with the database (and cached).
    private func refreshed(_ key: Key, scope: Scope, database: Database) async throws -> Partition {
        let base = state.withLock { s -> Partition? in
            s.clock += 1
            s.partitions[key]?.lastUsed = s.clock
            return s.partitions[key]
        }
        let cachedRevision = base?.revision ?? -1, cachedMutation = base?.mutation ?? -1, after = base?.maxRowid ?? 0
        let delta = try await database.transaction(.tenant(scope), .read) { c -> (revision: Int64, mutation: Int64, rows: [Row]?, full: Bool) in
            let revision = try c.queryFirst(
                "SELECT revision, mutation FROM memory_revisions WHERE org_id = \(.text(key.orgID)) AND project_id = \(.text(key.projectKey))")
            let rev = revision?["revision"].int64 ?? 0, mut = revision?["mutation"].int64 ?? 0
            if rev == cachedRevision && mut == cachedMutation { return (rev, mut, nil, false) }
            let full = mut != cachedMutation
            let rows = try c.query("""
                SELECT chunk_rowid, user_id, tier, role_id, group_id, created_at, embedding, shared
                FROM memory_chunks
                WHERE org_id = \(.text(key.orgID)) AND project_id = \(.text(key.projectKey)) AND embedder = \(.text(key.embedder))
                  AND dimension = \(.int(key.dimension)) AND embedding IS NOT NULL AND chunk_rowid > \(.integer(full ? 0 : after))
                ORDER BY chunk_rowid
                """)
            return (rev, mut, rows, full)
        }
        guard let rows = delta.rows else { return base ?? Partition() }
        var updated = delta.full ? Partition() : (base ?? Partition())
        for row in rows { try updated.append(row, dimension: key.dimension) }
        updated.revision = delta.revision
        updated.mutation = delta.mutation
        let result = updated
        state.withLock { s in
            // Store only over the state we started from; a concurrent
            // refresh that got further wins, and the next search catches up.
            let current = s.partitions[key]
            guard current == nil || current?.revision == cachedRevision && current?.mutation == cachedMutation else { return }
            s.clock += 1
            var stored = result
            stored.lastUsed = s.clock
            s.partitions[key] = stored
            if s.partitions.count > capacity, let oldest = s.partitions.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
                s.partitions[oldest] = nil
            }
        }
        return result
    }

    /// Drops every cached partition (tests, and after a bulk re-embed).
    func removeAll() {
        state.withLock { $0.partitions = [:] }
    }
}

/// Vector scores rounded to 1e-6 before ordering: float32 arithmetic in
/// Swift and in pgvector differ in the last bits, and that must not decide
/// which of two equally similar chunks ranks first.
enum VectorScore {
    static func stable(_ score: Double) -> Double { (score * 1e6).rounded() / 1e6 }
}

/// The `capacity` largest scores seen, kept in a min-heap.
struct TopK {
    let capacity: Int
    private var items: [(index: Int, score: Float)] = []

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        items.reserveCapacity(self.capacity)
    }

    @inline(__always)
    mutating func insert(_ index: Int, _ score: Float) {
        if items.count < capacity {
            items.append((index, score))
            siftUp(items.count - 1)
        } else if score > items[0].score {
            items[0] = (index, score)
            siftDown(0)
        }
    }

    func sorted() -> [(index: Int, score: Float)] { items.sorted { $0.score > $1.score } }

    private mutating func siftUp(_ i: Int) {
        var child = i
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].score < items[parent].score else { return }
            items.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ i: Int) {
        var parent = i
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count, items[left].score < items[smallest].score { smallest = left }
            if right < items.count, items[right].score < items[smallest].score { smallest = right }
            guard smallest != parent else { return }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
