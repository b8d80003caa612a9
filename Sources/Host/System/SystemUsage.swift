import JSON
import RPC
import Runtime
import Store

/// `system/usage`: token usage and cost of the caller's runs, grouped.
enum SystemUsage: HostMethod {
    static let name = "system/usage"
    static let summary = "Token usage and cost of the caller's runs created in [from, to), grouped by run, role, group, model, session or day (UTC), with the total; a group run counts through its member runs."

    struct Params: Decodable, Sendable, Scoped {
        var from: String?
        var to: String?
        var groupBy: UsageQuery.Key?
        var limit: Int?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case from, to, groupBy = "group_by", limit, scope }
    }

    typealias Result = UsageSummary

    static let bound = Schema.anyOf([Schema.timestamp, Schema.string(pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")])
    static let paramsSchema = Schema.object([
        "from": bound, "to": bound,
        "group_by": Schema.oneOf(strings: UsageQuery.Key.allCases.map(\.rawValue)),
        "limit": Schema.integer(minimum: 1, maximum: 10_000),
        "scope": ScopeParams.schema,
    ])

    static let row: [String: JSONValue] = [
        "runs": Schema.integer(minimum: 0), "input_tokens": Schema.integer(minimum: 0), "output_tokens": Schema.integer(minimum: 0),
        "cached_tokens": Schema.integer(minimum: 0), "cost_usd": Schema.number(minimum: 0), "estimated": Schema.boolean,
    ]
    static let resultSchema = Schema.object([
        "group_by": Schema.oneOf(strings: UsageQuery.Key.allCases.map(\.rawValue)),
        "from": Schema.nullable(Schema.string()), "to": Schema.nullable(Schema.string()),
        "rows": Schema.array(Schema.object(row.merging(["key": Schema.nullable(Schema.string())]) { a, _ in a },
                                           required: ["key", "runs", "input_tokens", "output_tokens", "cached_tokens", "cost_usd", "estimated"])),
        "total": Schema.object(row, required: ["runs", "input_tokens", "output_tokens", "cached_tokens", "cost_usd", "estimated"]),
    ], required: ["group_by", "from", "to", "rows", "total"])

    static let example = UsageSummary(
        groupBy: "model", from: "2026-12-01", to: nil,
        rows: [.init(key: "openai/gpt-4o", runs: 12, inputTokens: 48_200, outputTokens: 6_100, cachedTokens: 12_000, costUsd: 0.1666, estimated: false),
               .init(key: "scripted/scripted-default", runs: 3, inputTokens: 310, outputTokens: 42, cachedTokens: 0, costUsd: 0, estimated: true)],
        total: .init(key: nil, runs: 15, inputTokens: 48_510, outputTokens: 6_142, cachedTokens: 12_000, costUsd: 0.1666, estimated: true))

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        try await context.runtime().runs.usage(in: try await context.scope(of: p), from: p.from, to: p.to, groupBy: p.groupBy ?? .model,
                                               limit: p.limit ?? 1000)
    }
}
