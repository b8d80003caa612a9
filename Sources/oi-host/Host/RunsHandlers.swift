import Foundation
import RPC
import Runtime
import Store

/// The runs methods' handlers: decode → runtime → encode.
enum RunsHandlers {
    static func register(_ table: inout MethodTable, _ host: HostContext) {
        table.register(RunsCreate.self) { p, _ in
            try PayloadLimits.check(p.input, limit: host.limits.inputBytes, path: "params.input")
            try PayloadLimits.check(p.metadata, limit: host.limits.metadataBytes, path: "params.metadata")
            let scope = try await host.scope(p.scope)
            let request = CreateRun(input: p.input, sessionKey: p.sessionKey ?? "s_default", agentID: p.agentID ?? "main",
                                    agent: RunsCreate.agent(p), idempotencyKey: p.idempotencyKey,
                                    onBusy: p.onBusySession ?? .enqueue, metadata: p.metadata)
            let runs = try await host.runtime().runs
            let created = try await runs.create(request, in: scope)
            return try await runs.view(created.run, replay: created.existing)
        }
        table.register(RunsGet.self) { p, _ in
            let runs = try await host.runtime().runs
            return try await runs.view(try await runs.get(p.runID, in: try await host.scope(p.scope)))
        }
        table.register(RunsList.self) { p, _ in
            let scope = try await host.scope(p.scope)
            var cursor: RunCursor?
            if let text = p.cursor {
                guard let parsed = RunCursor(text) else { throw RPCError.invalidParams("params.cursor is not a cursor from runs/list", path: "params.cursor") }
                cursor = parsed
            }
            let filter = RunFilter(statuses: p.status?.compactMap(RunStatus.init(rawValue:)), sessionKey: p.sessionKey,
                                   createdFrom: p.createdFrom.flatMap(ISO8601.parse), createdBefore: p.createdBefore.flatMap(ISO8601.parse))
            let page = try await host.runtime().runs.list(in: scope, filter: filter, limit: p.limit ?? 20, cursor: cursor)
            let fitted = try host.pageFit.fit(page.runs)
            var next = page.next
            if fitted.cut, let last = fitted.items.last, let id = last["run_id"]?.stringValue,
               let created = last["created_at"]?.stringValue.flatMap(ISO8601.parse) {
                next = RunCursor(createdAt: created, id: id).description
            }
            return ["runs": .array(fitted.items), "next_cursor": next.map(JSONValue.string) ?? .null]
        }
        table.register(SessionsRuns.self) { p, _ in
            let scope = try await host.scope(p.scope)
            let page = p.page ?? 1, limit = p.limit ?? 20
            let result = try await host.runtime().runs.sessionRuns(p.sessionKey, in: scope, page: page, limit: limit)
            return ["runs": .array(result.runs), "total": .int(Int64(result.total)), "page": .int(Int64(page)), "limit": .int(Int64(limit))]
        }
        table.register(RunsEvents.self) { p, _ in
            let scope = try await host.scope(p.scope)
            let cursor = p.cursor?.intValue ?? p.cursor?.stringValue.flatMap { Int64($0) } ?? 0
            let types: [String] = p.type?.stringValue.map { [$0] } ?? p.type?.arrayValue?.compactMap(\.stringValue) ?? []
            let page = try await host.runtime().runs.events(p.runID, in: scope, after: cursor, limit: p.limit ?? 200, types: types,
                                                            includeTokens: p.includeTokens ?? false)
            let fitted = try host.pageFit.fit(page.events.map(\.json))
            let next = fitted.cut ? (fitted.items.last?["seq"]?.intValue ?? cursor) : page.next
            return ["events": .array(fitted.items), "total": .int(Int64(page.total)),
                    "next_cursor": next.map { .string(String($0)) } ?? .null]
        }
        table.register(RunsCancel.self) { p, _ in
            let run = try await host.runtime().runs.cancel(p.runID, in: try await host.scope(p.scope))
            return ["success": true, "run_id": .string(run.id), "status": .string(run.status.rawValue)]
        }
        table.register(RunsApprove.self) { p, _ in
            guard let decision = ApprovalDecision(rawValue: p.decision) else {
                throw RPCError.invalidParams("params.decision must be allow_once, allow_always or deny", path: "params.decision")
            }
            let outcome = try await host.runtime().runs.approve(p.runID, callID: p.callID, decision: decision, reason: p.reason,
                                                                 in: try await host.scope(p.scope))
            return ["success": true, "run_id": .string(p.runID), "call_id": .string(p.callID), "decision": .string(decision.rawValue),
                    "status": .string(outcome.run.status.rawValue)]
        }
        table.register(RunsExport.self) { p, _ in
            try await host.runtime().runs.export(p.runID, in: try await host.scope(p.scope))
        }
        table.register(RunsSubscribe.self) { p, context in
            let scope = try await host.scope(p.scope)
            let engine = try await host.runtime()
            if let runID = p.runID { _ = try await engine.runs.get(runID, in: scope) }
            let filter = EventBus.Filter(orgID: scope.orgID, userID: scope.userID, projectID: scope.projectID, runID: p.runID, sessionKey: p.sessionKey)
            let id = host.subscriptions.reserve()
            let follower = RunFollower(service: engine.runs, patience: .milliseconds(host.config.int("rpc.subscriptionRetryMs") ?? 60_000))
            let connection = context.connection
            let registry = host.subscriptions
            let logger = host.logger
            context.afterResponse {
                registry.attach(id) { Task {
                    do {
                        try await follower.follow(filter, scope: scope, afterSeq: p.afterSeq) { event in
                            var params: [UInt8] = Array(#"{"subscription_id":"#.utf8)
                            JSONWriter.writeString(id, into: &params)
                            params.append(contentsOf: #","event":"#.utf8)
                            JSONWriter.write(event.json, into: &params)
                            params.append(UInt8(ascii: "}"))
                            await connection.notify(RunsEventNotification.name, encodedParams: params)
                            return !Task.isCancelled
                        }
                    } catch let ended as FollowEnded {
                        // The client is told where the stream stopped, so it can resubscribe from there.
                        logger.warning("subscription ended", metadata: ["subscription_id": .string(id), "error": .string(ended.reason)])
                        let notice = RunsSubscriptionEndedNotification.Params(
                            subscriptionID: id, reason: ended.reason,
                            lastSeq: p.runID.map { ended.lastSeqs[$0] ?? p.afterSeq ?? 0 }, lastSeqs: p.runID == nil ? ended.lastSeqs : nil)
                        if let bytes = try? JSONValueCoding.encodeBytes(notice) {
                            await connection.notify(RunsSubscriptionEndedNotification.name, encodedParams: bytes)
                        }
                    } catch {
                        logger.warning("subscription ended", metadata: ["subscription_id": .string(id), "error": .string("\(error)")])
                    }
                    registry.finished(id)
                } }
            }
            return RunsSubscribe.Result(subscriptionID: id)
        }
        table.register(RunsUnsubscribe.self) { p, _ in
            RunsUnsubscribe.Result(unsubscribed: host.subscriptions.cancel(p.subscriptionID))
        }
    }
}
