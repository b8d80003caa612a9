import JSON
import Store

/// How far a group run got, read back from the parent's own events: which
/// seats were given their task, and which finished (a `message.status` of
/// `done` or `failed`). The orchestrator keeps no other state.
struct TeamProgress {
    var started = false
    var tasked: Set<String> = []
    var finished: Set<String> = []

    static func load(_ run: Run, stores: Database) async throws -> TeamProgress {
        var progress = TeamProgress()
        progress.started = try await stores.events.count(run.id, in: run.scope, filter: EventFilter(types: [EventType.runStarted])) > 0
        var after: Int64 = 0
        while true {
            let page = try await stores.events.list(run.id, in: run.scope,
                                                    filter: EventFilter(afterSeq: after, types: [EventType.messageTask, EventType.messageStatus], limit: 1000))
            for event in page {
                guard let role = event.roleID else { continue }
                if event.type == EventType.messageTask { progress.tasked.insert(role) }
                // Payloads are JSON text that PostgreSQL re-serialises: parse, never match bytes.
                if event.type == EventType.messageStatus, let state = (try? JSONParser.parse(event.payload))?["state"]?.stringValue,
                   state == "done" || state == "failed" {
                    progress.finished.insert(role)
                }
            }
            guard let last = page.last, page.count == 1000 else { return progress }
            after = last.seq
        }
    }
}
