import Foundation

/// What `RunRepository.usage` adds up: the runs of one private scope created
/// in `[from, to)`, grouped by one key.
public struct UsageQuery: Sendable, Hashable {
    public enum Key: String, Sendable, CaseIterable, Codable {
        case run, role, group, model, session, day
    }

    public var from: Date?
    public var to: Date?
    public var groupBy: Key
    /// Rows returned at most (the total covers them all).
    public var limit: Int
    /// Runs whose `agent_id` starts with this hold the sum of their
    /// children (group runs): they are left out, so nothing counts twice.
    public var rollupAgentPrefix: String?

    public init(from: Date? = nil, to: Date? = nil, groupBy: Key = .model, limit: Int = 1000, rollupAgentPrefix: String? = nil) {
        self.from = from
        self.to = to
        self.groupBy = groupBy
        self.limit = limit
        self.rollupAgentPrefix = rollupAgentPrefix
    }
}

/// One row of a usage report: the runs that share a key (nil: runs without
/// one, e.g. no role) and what they spent.
public struct UsageRow: Sendable, Hashable, RowDecodable {
    public var key: String?
    public var runs: Int
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var cachedTokens: Int64
    public var costNanos: Int64
    public var estimated: Bool

    public init(key: String?, runs: Int, inputTokens: Int64, outputTokens: Int64, cachedTokens: Int64, costNanos: Int64, estimated: Bool) {
        self.key = key
        self.runs = runs
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedTokens = cachedTokens
        self.costNanos = costNanos
        self.estimated = estimated
    }

    public init(row: Row) throws {
        key = row.optionalString("key")
        runs = try row.int("runs")
        inputTokens = try row.int64("input_tokens")
        outputTokens = try row.int64("output_tokens")
        cachedTokens = try row.int64("cached_tokens")
        costNanos = try row.int64("cost_nanos")
        estimated = try row.int64("estimated") != 0
    }
}

/// Rows (the most costly first; by day, in date order) and the total over every matching run.
public struct UsageReport: Sendable, Hashable {
    public var rows: [UsageRow]
    public var total: UsageRow
}

extension RunRepository {
    /// Adds up token usage and cost in SQL, grouped by `query.groupBy`.
    public func usage(in scope: Scope, _ query: UsageQuery) async throws -> UsageReport {
        var clauses: [SQL] = [.inScope(scope)]
        if let from = query.from { clauses.append("created_at >= \(.date(from))") }
        if let to = query.to { clauses.append("created_at < \(.date(to))") }
        if let prefix = query.rollupAgentPrefix { clauses.append("agent_id NOT LIKE \(.text(prefix + "%"))") }
        let filter = clauses.joined(separator: " AND ")
        let key = Self.keyExpression(query.groupBy, dialect: database.dialect)
        let sums = """
            COUNT(*) AS runs, COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens,
            COALESCE(SUM(cached_tokens), 0) AS cached_tokens, COALESCE(SUM(cost_nanos), 0) AS cost_nanos,
            COALESCE(MAX(CASE WHEN usage_estimated THEN 1 ELSE 0 END), 0) AS estimated
            """
        // PostgreSQL sorts by an output name only when it stands alone: the token sum is spelled out.
        let order = query.groupBy == .day ? "key" : "cost_nanos DESC, COALESCE(SUM(input_tokens), 0) + COALESCE(SUM(output_tokens), 0) DESC, key"
        let limit = min(max(query.limit, 1), 10_000)
        return try await database.transaction(.tenant(scope), .read) { c in
            let rows = try c.query("""
                SELECT \(raw: key) AS key, \(raw: sums) FROM runs WHERE \(filter)
                GROUP BY \(raw: key) ORDER BY \(raw: order) LIMIT \(.int(limit))
                """, as: UsageRow.self)
            let total = try c.queryFirst("SELECT NULL AS key, \(raw: sums) FROM runs WHERE \(filter)", as: UsageRow.self)
            return UsageReport(rows: rows, total: total ?? UsageRow(key: nil, runs: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0,
                                                                    costNanos: 0, estimated: false))
        }
    }

    /// The grouping column; days are UTC dates of creation (`YYYY-MM-DD`).
    static func keyExpression(_ key: UsageQuery.Key, dialect: SQLDialect) -> String {
        switch key {
        case .run: "id"
        case .role: "role_id"
        case .group: "group_id"
        case .model: "model"
        case .session: "session_key"
        case .day: dialect == .postgres ? "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')" : "substr(created_at, 1, 10)"
        }
    }
}
