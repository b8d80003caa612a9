import Foundation
@testable import Runtime
import Store

/// Runs as a test makes and watches them: queued with a scripted agent,
/// followed to their end as a subscriber would, read back from storage.
extension Engine {
    /// Queues a run of a scripted agent.
    @discardableResult
    public func createRun(_ input: String, _ script: ScriptedProvider.Script, session: String = "s_default", maxSteps: Int? = nil,
                          tools: [String]? = nil, in scope: Scope = TestTenants.a) async throws -> Run {
        try await runs.create(CreateRun(input: input, sessionKey: session, agent: .scripted(script, maxSteps: maxSteps, tools: tools)), in: scope).run
    }

    /// Follows a run from its first event to its terminal one (as
    /// `runs/subscribe` does) and returns them all, tokens included; throws
    /// `TimedOut` if it has not ended within `limit`.
    public func followToEnd(_ runID: String, in scope: Scope = TestTenants.a, within limit: Duration = .seconds(60)) async throws -> [RunEvent] {
        let follower = RunFollower(service: runs)
        let collected = EventCollector()
        try await withDeadline(limit, "the end of run \(runID)") {
            let filter = EventBus.Filter(orgID: scope.orgID, userID: scope.userID, projectID: scope.projectID, runID: runID)
            try await follower.follow(filter, scope: scope, afterSeq: 0) { event in
                collected.append(event)
                return true
            }
        }
        return collected.events
    }

    /// Every stored event of a run, in `seq` order.
    public func storedEvents(_ runID: String, in scope: Scope = TestTenants.a) async throws -> [RunEvent] {
        var events: [RunEvent] = []
        while true {
            let page = try await database.events.list(runID, in: scope, filter: EventFilter(afterSeq: events.last?.seq ?? 0, limit: 1000))
            events += page.map(RunEvent.init)
            if page.count < 1000 { return events }
        }
    }
}

extension Array where Element == RunEvent {
    /// The event types in order, without the token stream.
    public var types: [String] { filter { $0.type != EventType.llmToken }.map(\.type) }
}
