import JSON
import Store

/// What earlier attempts of a resumed step stored about its tool calls: a
/// side-effecting call's start (`tool.called`, committed before it ran) and
/// every committed outcome (`tool.result`), by call id. A call with an
/// outcome is not run again; one that started without one is interrupted
/// unless its tool is read-only or idempotent.
struct RecordedCalls: Sendable {
    struct Outcome: Sendable {
        var result: JSONValue
        var isError: Bool
    }

    var outcomes: [String: Outcome] = [:]
    var started: Set<String> = []
    var blocked: Set<String> = []

    static let none = RecordedCalls()

    /// The records of `step` (a parked or interrupted step being resumed).
    static func load(run: Run, step: Int, stores: Database) async throws -> RecordedCalls {
        var recorded = RecordedCalls()
        var after: Int64 = 0
        let types = [EventType.toolCalled, EventType.toolResult, EventType.toolBlocked]
        while true {
            let page = try await stores.events.list(run.id, in: run.scope, filter: EventFilter(afterSeq: after, types: types, limit: 1000))
            for event in page where event.step == step {
                let payload = (try? JSONParser.parse(event.payload)) ?? [:]
                guard let callID = payload["call_id"]?.stringValue else { continue }
                switch event.type {
                case EventType.toolCalled: recorded.started.insert(callID)
                case EventType.toolBlocked: recorded.blocked.insert(callID)
                default: recorded.outcomes[callID] = Outcome(result: payload["result"] ?? .null, isError: payload["is_error"]?.boolValue ?? false)
                }
            }
            guard let last = page.last, page.count == 1000 else { return recorded }
            after = last.seq
        }
    }
}
