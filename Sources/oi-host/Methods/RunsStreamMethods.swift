import RPC
import Runtime

/// `runs/events`: a page of a run's stored events, as the seed's route but
/// with `seq` as the cursor.
enum RunsEvents: RPCMethod {
    static let name = "runs/events"
    static let summary = "Returns a run's events after cursor (the last seen seq), optionally filtered by type (exact names or prefixes like tool.)."
    struct Params: Codable, Sendable {
        var runID: String
        var cursor: JSONValue?
        var limit: Int?
        var type: JSONValue?
        var includeTokens: Bool?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case runID = "run_id", cursor, limit, type, includeTokens = "include_tokens", scope }
    }
    typealias Result = JSONValue
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
}

/// `runs/subscribe`: replay after `after_seq`, then live `runs/event` notifications.
enum RunsSubscribe: RPCMethod {
    static let name = "runs/subscribe"
    static let summary = "Subscribes to a run, a session, or every run of the scope: stored events after after_seq are replayed, then live ones follow as runs/event notifications, with no gap and no duplicate."
    struct Params: Codable, Sendable {
        var runID: String?
        var sessionKey: String?
        var afterSeq: Int64?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case runID = "run_id", sessionKey = "session_key", afterSeq = "after_seq", scope }
    }
    struct Result: Codable, Sendable {
        var subscriptionID: String
        enum CodingKeys: String, CodingKey { case subscriptionID = "subscription_id" }
    }
    static let paramsSchema = Schema.object([
        "run_id": RunSchemas.runID, "session_key": RunSchemas.sessionKey,
        "after_seq": Schema.integer(minimum: 0), "scope": ScopeParams.schema,
    ])
    static let resultSchema = Schema.object(["subscription_id": Schema.string()], required: ["subscription_id"])
}

/// `runs/unsubscribe`.
enum RunsUnsubscribe: RPCMethod {
    static let name = "runs/unsubscribe"
    static let summary = "Ends a subscription."
    struct Params: Codable, Sendable {
        var subscriptionID: String
        enum CodingKeys: String, CodingKey { case subscriptionID = "subscription_id" }
    }
    struct Result: Codable, Sendable { var unsubscribed: Bool }
    static let paramsSchema = Schema.object(["subscription_id": Schema.string(minLength: 1, maxLength: 64)], required: ["subscription_id"])
    static let resultSchema = Schema.object(["unsubscribed": Schema.boolean], required: ["unsubscribed"])
}

/// `runs/event` (a notification from the host): one event of a subscription.
enum RunsEventNotification: RPCMethod {
    static let name = "runs/event"
    static let summary = "Notification from the host: one event for a subscription."
    struct Params: Codable, Sendable {}
    typealias Result = EmptyResult
    static let paramsSchema = Schema.object(["subscription_id": Schema.string(), "event": RunSchemas.event], required: ["subscription_id", "event"])
    static let resultSchema = Schema.emptyObject
}

/// `runs/subscription_ended` (a notification from the host): a subscription
/// that could not go on (its reads kept failing). A run subscription says the
/// last `seq` it delivered; a session or scope subscription the last per run.
/// Resubscribe with `after_seq` to go on from there.
enum RunsSubscriptionEndedNotification: RPCMethod {
    static let name = "runs/subscription_ended"
    static let summary = "Notification from the host: a subscription ended before its run did; resubscribe with after_seq."
    struct Params: Codable, Sendable {
        var subscriptionID: String
        var reason: String
        var lastSeq: Int64?
        var lastSeqs: [String: Int64]?
        enum CodingKeys: String, CodingKey {
            case reason, subscriptionID = "subscription_id", lastSeq = "last_seq", lastSeqs = "last_seqs"
        }
    }
    typealias Result = EmptyResult
    static let paramsSchema = Schema.object([
        "subscription_id": Schema.string(), "reason": Schema.string(),
        "last_seq": Schema.integer(minimum: 0), "last_seqs": Schema.map(Schema.integer(minimum: 0)),
    ], required: ["subscription_id", "reason"])
    static let resultSchema = Schema.emptyObject
}
