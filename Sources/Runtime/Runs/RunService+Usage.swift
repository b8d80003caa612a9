import Foundation
import JSON
import Store

/// Token usage and cost of the caller's runs, added up by one key, as
/// `system/usage` and `oi-host usage` show them.
public struct UsageSummary: Encodable, Sendable, Equatable {
    public var groupBy: String
    public var from: String?
    public var to: String?
    public var rows: [Row]
    public var total: Row

    /// One key's runs (`key` is null for runs without one, e.g. no role;
    /// absent in `total`) and what they spent.
    public struct Row: Encodable, Sendable, Equatable {
        public var key: String?
        public var runs: Int
        public var inputTokens: Int64
        public var outputTokens: Int64
        public var cachedTokens: Int64
        public var costUsd: Double
        public var estimated: Bool
        var isTotal = false

        public init(key: String?, runs: Int, inputTokens: Int64, outputTokens: Int64, cachedTokens: Int64, costUsd: Double, estimated: Bool) {
            (self.key, self.runs, self.inputTokens, self.outputTokens) = (key, runs, inputTokens, outputTokens)
            (self.cachedTokens, self.costUsd, self.estimated) = (cachedTokens, costUsd, estimated)
        }

        init(_ row: UsageRow, total: Bool = false) {
            self.init(key: row.key, runs: row.runs, inputTokens: row.inputTokens, outputTokens: row.outputTokens, cachedTokens: row.cachedTokens,
                      costUsd: UsagePayload.dollars(row.costNanos), estimated: row.estimated)
            isTotal = total
        }

        enum CodingKeys: String, CodingKey {
            case key, runs, estimated
            case inputTokens = "input_tokens", outputTokens = "output_tokens", cachedTokens = "cached_tokens", costUsd = "cost_usd"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if !isTotal { try c.encode(key, forKey: .key) }
            try c.encode(runs, forKey: .runs)
            try c.encode(inputTokens, forKey: .inputTokens)
            try c.encode(outputTokens, forKey: .outputTokens)
            try c.encode(cachedTokens, forKey: .cachedTokens)
            try c.encode(costUsd, forKey: .costUsd)
            try c.encode(estimated, forKey: .estimated)
        }
    }

    public init(groupBy: String, from: String?, to: String?, rows: [Row], total: Row) {
        (self.groupBy, self.from, self.to, self.rows) = (groupBy, from, to, rows)
        self.total = total
        self.total.isTotal = true
    }

    enum CodingKeys: String, CodingKey { case groupBy = "group_by", from, to, rows, total }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(groupBy, forKey: .groupBy)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(rows, forKey: .rows)
        try c.encode(total, forKey: .total)
    }

    /// A date or date-time bound: `2026-12-01` is that day's start, UTC.
    public static func bound(_ text: String) -> Date? {
        if text.count == 10, let day = ISO8601.parse(text + "T00:00:00Z") { return day }
        return ISO8601.parse(text)
    }
}

extension RunService {
    /// The caller's runs created in `[from, to)` added up by `groupBy`
    /// (`run`, `role`, `group`, `model`, `session`, `day`), in SQL. A group
    /// run's own row holds its members' sum, so group runs are left out:
    /// each token counts once, under its member run.
    public func usage(in scope: Scope, from: String?, to: String?, groupBy: UsageQuery.Key, limit: Int = 1000) async throws -> UsageSummary {
        var query = UsageQuery(groupBy: groupBy, limit: limit, rollupAgentPrefix: rollupAgentPrefix)
        if let from {
            guard let date = UsageSummary.bound(from) else { throw RuntimeError(.invalidInput, "from is not a date", path: "params.from") }
            query.from = date
        }
        if let to {
            guard let date = UsageSummary.bound(to) else { throw RuntimeError(.invalidInput, "to is not a date", path: "params.to") }
            query.to = date
        }
        let report = try await stores.runs.usage(in: scope, query)
        return UsageSummary(groupBy: groupBy.rawValue, from: from, to: to, rows: report.rows.map { UsageSummary.Row($0) },
                            total: UsageSummary.Row(report.total, total: true))
    }
}
