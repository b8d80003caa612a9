import JSON
import RPC
import Runtime

/// `runs/events`: a page of a run's stored events, as the seed's route but
/// with `seq` as the cursor.
enum RunsEvents: HostMethod {
    static let name = "runs/events"
    static let summary = "Returns a run's events after cursor (the last seen seq), optionally filtered by type (exact names or prefixes like tool.)."

    struct Params: Decodable, Sendable, Scoped {
        var runID: String
        var cursor: JSONValue?
        var limit: Int?
        var type: JSONValue?
        var includeTokens: Bool?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case runID = "run_id", cursor, limit, type, includeTokens = "include_tokens", scope }
    }

    struct Result: Encodable, Sendable {
        var events: [RunEvent]
        /// Every event that matches the filter, over all pages.
        var total: Int
        var nextCursor: String?
        enum CodingKeys: String, CodingKey { case events, total, nextCursor = "next_cursor" }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(events, forKey: .events)
            try c.encode(total, forKey: .total)
            try c.encode(nextCursor, forKey: .nextCursor)
        }
    }

    static let typeName = Schema.string(minLength: 1, maxLength: 64, pattern: "^[a-z_]+(\\.[a-z_]+)*\\.?$")
    static let paramsSchema = Schema.object([
        "run_id": RunSchemas.runID,
        "cursor": Schema.anyOf([Schema.integer(minimum: 0), Schema.string(maxLength: 20, pattern: "^[0-9]+$")]),
        "limit": Schema.integer(minimum: 1, maximum: 1000),
        "type": Schema.anyOf([typeName, Schema.array(typeName, minItems: 1, maxItems: 32)]),
        "include_tokens": Schema.boolean,
        "scope": ScopeParams.schema,
    ], required: ["run_id"])
    static let resultSchema = Schema.object([
        "events": Schema.array(RunSchemas.event), "total": Schema.integer(minimum: 0), "next_cursor": Schema.nullable(Schema.string()),
    ], required: ["events", "total", "next_cursor"])
    static let example = Result(events: [RunSchemas.exampleEvent], total: 1, nextCursor: nil)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let scope = try await context.scope(of: p)
        let cursor = p.cursor?.intValue ?? p.cursor?.stringValue.flatMap { Int64($0) } ?? 0
        let types: [String] = p.type?.stringValue.map { [$0] } ?? p.type?.arrayValue?.compactMap(\.stringValue) ?? []
        let page = try await context.runtime().runs.events(p.runID, in: scope, after: cursor, limit: p.limit ?? 200, types: types,
                                                           includeTokens: p.includeTokens ?? false)
        // A page that would not fit one line is shortened and goes on from its last event.
        let kept = try context.host.pageFit.count(page.events)
        let next = kept < page.events.count ? page.events[kept - 1].seq : page.next
        return Result(events: Array(page.events.prefix(kept)), total: page.total, nextCursor: next.map { String($0) })
    }
}
