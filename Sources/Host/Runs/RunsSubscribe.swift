import JSON
import Logging
import RPC
import Runtime
import Store

/// `runs/subscribe`: replay after `after_seq`, then live `runs/event` notifications.
enum RunsSubscribe: HostMethod {
    static let name = "runs/subscribe"
    static let summary = "Subscribes to a run, a delegation tree (root_run_id: the root and its descendants, from the start), a session, or every run of the scope: stored events after after_seq are replayed, then live ones follow as runs/event notifications, with no gap and no duplicate."

    struct Params: Decodable, Sendable, Scoped {
        var runID: String?
        var sessionKey: String?
        var rootRunID: String?
        var afterSeq: Int64?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey {
            case runID = "run_id", sessionKey = "session_key", rootRunID = "root_run_id", afterSeq = "after_seq", scope
        }
    }

    struct Result: Encodable, Sendable {
        var subscriptionID: String
        enum CodingKeys: String, CodingKey { case subscriptionID = "subscription_id" }
    }

    static let paramsSchema = Schema.object([
        "run_id": RunSchemas.runID, "session_key": RunSchemas.sessionKey, "root_run_id": RunSchemas.runID,
        "after_seq": Schema.integer(minimum: 0), "scope": ScopeParams.schema,
    ])
    static let resultSchema = Schema.object(["subscription_id": Schema.string()], required: ["subscription_id"])
    static let example = Result(subscriptionID: "sub_1")

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let scope = try await context.scope(of: p)
        let engine = try await context.runtime()
        if let runID = p.runID { _ = try await engine.runs.get(runID, in: scope) }
        if let root = p.rootRunID { _ = try await engine.runs.get(root, in: scope) }
        let host = context.host
        let filter = EventBus.Filter(orgID: scope.orgID, userID: scope.userID, projectID: scope.projectID, runID: p.runID, sessionKey: p.sessionKey,
                                     rootRunID: p.runID == nil ? p.rootRunID : nil)
        let follower = RunFollower(service: engine.runs, patience: .milliseconds(host.config.int("rpc.subscriptionRetryMs") ?? 60_000))
        let id = host.subscriptions.reserve()
        let stream = SubscriptionStream(id: id, connection: context.request.connection, logger: host.logger)
        let registry = host.subscriptions
        // The stream starts once the answer naming it is queued, so no event overtakes it.
        context.afterResponse {
            registry.attach(id) {
                await stream.run(follower, filter: filter, scope: scope, afterSeq: p.afterSeq, runID: p.runID)
            }
        }
        return Result(subscriptionID: id)
    }
}

/// One subscription's delivery: each event as a `runs/event` notification,
/// and `runs/subscription_ended` if the follow cannot go on.
struct SubscriptionStream: Sendable {
    let id: String
    let connection: RPCConnection
    let logger: Logger

    func run(_ follower: RunFollower, filter: EventBus.Filter, scope: Scope, afterSeq: Int64?, runID: String?) async {
        do {
            try await follower.follow(filter, scope: scope, afterSeq: afterSeq) { event in
                await deliver(event)
                return !Task.isCancelled
            }
        } catch let ended as FollowEnded {
            // The client is told where the stream stopped, so it can resubscribe from there.
            logger.warning("subscription ended", metadata: ["subscription_id": .string(id), "error": .string(ended.reason)])
            let notice = RunsSubscriptionEndedNotification.Params(
                subscriptionID: id, reason: ended.reason,
                lastSeq: runID.map { ended.lastSeqs[$0] ?? afterSeq ?? 0 }, lastSeqs: runID == nil ? ended.lastSeqs : nil)
            if let bytes = try? JSONValueCoding.encodeBytes(notice) {
                await connection.notify(RunsSubscriptionEndedNotification.name, encodedParams: bytes)
            }
        } catch {
            logger.warning("subscription ended", metadata: ["subscription_id": .string(id), "error": .string("\(error)")])
        }
    }

    private func deliver(_ event: RunEvent) async {
        var params: [UInt8] = Array(#"{"subscription_id":"#.utf8)
        JSONWriter.writeString(id, into: &params)
        params.append(contentsOf: #","event":"#.utf8)
        params.append(contentsOf: event.wire.bytes)
        params.append(UInt8(ascii: "}"))
        await connection.notify(RunsEventNotification.name, encodedParams: params)
    }
}

/// `runs/unsubscribe`.
enum RunsUnsubscribe: HostMethod {
    static let name = "runs/unsubscribe"
    static let summary = "Ends a subscription."

    struct Params: Decodable, Sendable {
        var subscriptionID: String
        enum CodingKeys: String, CodingKey { case subscriptionID = "subscription_id" }
    }

    struct Result: Encodable, Sendable { var unsubscribed: Bool }

    static let paramsSchema = Schema.object(["subscription_id": Schema.string(minLength: 1, maxLength: 64)], required: ["subscription_id"])
    static let resultSchema = Schema.object(["unsubscribed": Schema.boolean], required: ["unsubscribed"])
    static let example = Result(unsubscribed: true)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        Result(unsubscribed: context.host.subscriptions.cancel(p.subscriptionID))
    }
}

/// `runs/event` (a notification from the host): one event for a subscription.
enum RunsEventNotification: HostOutgoingNotification {
    static let name = "runs/event"
    static let summary = "Notification from the host: one event for a subscription."
    struct Params: Decodable, Sendable {}
    typealias Result = EmptyResult
    static let paramsSchema = Schema.object(["subscription_id": Schema.string(), "event": RunSchemas.event], required: ["subscription_id", "event"])
    static let resultSchema = Schema.emptyObject
}

/// `runs/subscription_ended` (a notification from the host): a subscription
/// that could not go on (its reads kept failing). A run subscription says the
/// last `seq` it delivered; a session or scope subscription the last per run.
/// Resubscribe with `after_seq` to go on from there.
enum RunsSubscriptionEndedNotification: HostOutgoingNotification {
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
