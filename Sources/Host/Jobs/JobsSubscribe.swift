import JSON
import Logging
import RPC
import Runtime
import Store

/// `jobs/subscribe`: the job's stored events after `after_seq`, then new
/// ones as they are stored, as `jobs/event` notifications; the stream ends
/// after the terminal event. Events are read from the store (they may be
/// written by another process that runs the job), so a resumed job's
/// events arrive the same way.
enum JobsSubscribe: HostMethod {
    static let name = "jobs/subscribe"
    static let summary = "Streams a job's events (stored ones after after_seq, then live ones) as jobs/event notifications until job.completed, job.failed or job.cancelled; runs/unsubscribe ends it early."

    struct Params: Decodable, Sendable, Scoped {
        var jobID: String
        var afterSeq: Int64?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case jobID = "job_id", afterSeq = "after_seq", scope }
    }

    struct Result: Encodable, Sendable {
        var subscriptionID: String
        enum CodingKeys: String, CodingKey { case subscriptionID = "subscription_id" }
    }

    static let paramsSchema = Schema.object(["job_id": JobSchemas.jobID, "after_seq": Schema.integer(minimum: 0), "scope": ScopeParams.schema],
                                            required: ["job_id"])
    static let resultSchema = Schema.object(["subscription_id": Schema.string()], required: ["subscription_id"])
    static let example = Result(subscriptionID: "sub_1")

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let scope = try await context.scope(of: p)
        let jobs = try await context.runtime().jobs
        _ = try await jobs.get(p.jobID, in: scope)
        let host = context.host
        let id = host.subscriptions.reserve()
        let connection = context.request.connection
        let registry = host.subscriptions
        let logger = host.logger
        context.afterResponse {
            registry.attach(id) {
                await follow(jobs, jobID: p.jobID, scope: scope, afterSeq: p.afterSeq ?? 0, subscription: id, connection: connection, logger: logger)
            }
        }
        return Result(subscriptionID: id)
    }

    static func follow(_ jobs: JobService, jobID: String, scope: Scope, afterSeq: Int64, subscription: String, connection: RPCConnection,
                       logger: Logger) async {
        var last = afterSeq
        var failures = 0
        while !Task.isCancelled {
            do {
                let events = try await jobs.events(jobID, in: scope, afterSeq: last, limit: 500)
                failures = 0
                for event in events {
                    let view = JobEventView(event)
                    if let bytes = try? JSONValueCoding.encodeBytes(JobsEventNotification.Params(subscriptionID: subscription, event: view)) {
                        await connection.notify(JobsEventNotification.name, encodedParams: bytes)
                    }
                    last = event.seq
                    if view.isTerminal { return }
                }
                if events.isEmpty {
                    // Subscribed after the terminal event of a finished job: nothing more will come.
                    let job = try await jobs.get(jobID, in: scope)
                    if job.isFinished && job.lastSeq <= last { return }
                    try await Task.sleep(for: .milliseconds(150))
                }
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                if failures > 50 {
                    logger.warning("job subscription ended", metadata: ["subscription_id": .string(subscription), "error": .string("\(error)")])
                    return
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}

/// `jobs/event` (a notification from the host): one job event for a subscription.
enum JobsEventNotification: HostOutgoingNotification {
    static let name = "jobs/event"
    static let summary = "Notification from the host: one stored job event for a jobs/subscribe subscription."
    struct Params: Encodable, Decodable, Sendable {
        var subscriptionID: String
        var event: JobEventView
        enum CodingKeys: String, CodingKey { case subscriptionID = "subscription_id", event }
        init(subscriptionID: String, event: JobEventView) {
            self.subscriptionID = subscriptionID
            self.event = event
        }
        init(from decoder: any Decoder) throws { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "outgoing only")) }
    }
    typealias Result = EmptyResult
    static let paramsSchema = Schema.object(["subscription_id": Schema.string(), "event": JobSchemas.event], required: ["subscription_id", "event"])
    static let resultSchema = Schema.emptyObject
}
