import Foundation
import JSON
import Memory
import Runtime

/// `memory/search`: hybrid retrieval.
enum MemorySearch: HostMethod {
    static let name = "memory/search"
    static let summary = "Searches memory: full text and vectors fused with reciprocal rank fusion (mode hybrid), or one of them (text, vector), filtered by tier, role, group, time and metadata."

    struct Filters: Decodable, Sendable {
        var roleID: String?
        var groupID: String?
        var createdFrom: String?
        var createdBefore: String?
        var metadata: [String: JSONValue]?
        enum CodingKeys: String, CodingKey {
            case metadata, roleID = "role_id", groupID = "group_id", createdFrom = "created_from", createdBefore = "created_before"
        }
    }

    struct Params: Decodable, Sendable, Scoped {
        var query: String
        var tiers: [MemoryTier]?
        var k: Int?
        var mode: SearchRequest.Mode?
        var filters: Filters?
        var vector: [Double]?
        var scope: ScopeParams?
    }

    struct Result: Encodable, Sendable {
        var hits: [SearchHitView]
        var mode: SearchRequest.Mode
        /// The embedder whose vectors were compared; null in text mode.
        var embedder: String?
        var k: Int
        enum CodingKeys: String, CodingKey { case hits, mode, embedder, k }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(hits, forKey: .hits)
            try c.encode(mode, forKey: .mode)
            try c.encode(embedder, forKey: .embedder)
            try c.encode(k, forKey: .k)
        }
    }

    static let paramsSchema = Schema.object([
        "query": Schema.string(minLength: 1, maxLength: 4096),
        "tiers": Schema.array(MemorySchemas.tier, minItems: 1, maxItems: 3),
        "k": Schema.integer(minimum: 1, maximum: 100, description: "Hits to return (default 8)."),
        "mode": Schema.oneOf(strings: ["hybrid", "text", "vector"]),
        "filters": Schema.object([
            "role_id": MemorySchemas.id, "group_id": MemorySchemas.id,
            "created_from": Schema.timestamp, "created_before": Schema.timestamp,
            "metadata": Schema.map(Schema.anyOf([Schema.string(), Schema.number(), Schema.boolean])),
        ]),
        "vector": Schema.array(Schema.number(), minItems: 1, maxItems: 8192),
        "scope": ScopeParams.schema,
    ], required: ["query"])
    static let resultSchema = Schema.object([
        "hits": Schema.array(MemorySchemas.hit), "mode": Schema.oneOf(strings: ["hybrid", "text", "vector"]),
        "embedder": Schema.nullable(Schema.string()), "k": Schema.integer(minimum: 1),
    ], required: ["hits", "mode", "embedder", "k"])
    static let example = Result(hits: [MemoryExamples.hit], mode: .hybrid, embedder: "hash-v1", k: 8)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let scope = try await context.scope(of: p)
        let filters = SearchFilters(
            roleID: p.filters?.roleID, groupID: p.filters?.groupID,
            createdFrom: p.filters?.createdFrom.flatMap(ISO8601.parse), createdBefore: p.filters?.createdBefore.flatMap(ISO8601.parse),
            metadata: p.filters?.metadata)
        let k = p.k ?? 8
        let request = SearchRequest(query: p.query, tiers: p.tiers, k: k, mode: p.mode ?? .hybrid, filters: filters,
                                    vector: p.vector.map { $0.map(Float.init) })
        let result = try await context.runtime().memory.search(request, in: scope)
        return Result(hits: result.hits.map(SearchHitView.init), mode: result.mode, embedder: result.embedder, k: k)
    }
}
