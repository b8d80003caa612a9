import JSON
import Logging
import RPC
import Runtime
import Store

/// One prompt's run, followed to its end: each event becomes the editor's
/// `session/update`s, and each approval the run waits for is asked as
/// `session/request_permission` and decided with `runs/approve`'s service.
struct ACPTurn: Sendable {
    let session: ACPSession
    let turn: ACPPrompt
    let runID: String
    let engine: Engine
    let connection: RPCConnection
    let logger: Logger

    /// The run's final event, or nil when this task was cancelled first.
    func run() async throws -> RunEvent? {
        let state = TurnState(updates: SessionUpdates(cwd: session.cwd))
        let scope = session.scope
        let filter = EventBus.Filter(orgID: scope.orgID, userID: scope.userID, projectID: scope.projectID, runID: runID, sessionKey: nil)
        let follower = RunFollower(service: engine.runs)
        try await follower.follow(filter, scope: scope, afterSeq: 0) { event in
            for update in await state.updates(for: event) { await send(update) }
            if event.type == EventType.runWaiting {
                for callID in event.payload["call_ids"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                    guard !turn.cancelled.isOpen else { break }
                    await ask(callID, about: await state.approval(callID))
                }
            }
            if EventType.terminal.contains(event.type) { await state.end(event) }
            return !Task.isCancelled
        }
        return await state.terminal
    }

    private func send(_ update: JSONValue) async {
        await connection.notify("session/update", params: ["sessionId": .string(session.id), "update": update])
    }

    static let options: [JSONValue] = [
        ["optionId": "allow-once", "name": "Allow once", "kind": "allow_once"],
        ["optionId": "allow-always", "name": "Always allow", "kind": "allow_always"],
        ["optionId": "reject-once", "name": "Reject", "kind": "reject_once"],
        ["optionId": "reject-always", "name": "Always reject", "kind": "reject_always"],
    ]

    private enum Answer { case chosen(JSONValue), failed(String), cancelled }

    /// Asks the editor about one call and records its choice; a cancelled
    /// prompt (or a `cancelled` outcome) cancels the run instead.
    private func ask(_ callID: String, about call: JSONValue?) async {
        let name = call?["tool_name"]?.stringValue ?? "tool"
        let args = call?["args"] ?? [:]
        let params: JSONValue = [
            "sessionId": .string(session.id),
            "toolCall": ["toolCallId": .string(callID), "title": .string(SessionUpdates.title(name, args)),
                         "kind": .string(SessionUpdates.kind(name)), "status": "pending", "rawInput": args],
            "options": .array(Self.options),
        ]
        let connection = self.connection, turn = self.turn
        let answer = await withTaskGroup(of: Answer.self) { group in
            group.addTask {
                do { return .chosen(try await connection.request("session/request_permission", params: params)) } catch is CancellationError {
                    return .cancelled
                } catch {
                    return .failed("\(error)")
                }
            }
            group.addTask {
                await turn.cancelled.wait()
                return .cancelled
            }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            return first
        }
        let decision: (ApprovalDecision, blocks: Bool, reason: String?)
        switch answer {
        case .cancelled:
            turn.cancelled.open()
            _ = try? await engine.runs.cancel(runID, in: session.scope)
            return
        case .failed(let why):
            // An editor that cannot answer denies: the model reads why.
            logger.warning("session/request_permission failed; the call is denied", metadata: ["error": .string(why)])
            decision = (.deny, false, "the editor could not be asked: \(why)")
        case .chosen(let result):
            let outcome = result["outcome"] ?? [:]
            guard outcome["outcome"]?.stringValue == "selected", let option = outcome["optionId"]?.stringValue else {
                turn.cancelled.open()
                _ = try? await engine.runs.cancel(runID, in: session.scope)
                return
            }
            switch option {
            case "allow-once": decision = (.allowOnce, false, nil)
            case "allow-always": decision = (.allowAlways, false, nil)
            case "reject-always": decision = (.deny, true, "the user always rejects \(name)")
            default: decision = (.deny, false, "the user rejected the call")
            }
        }
        do {
            _ = try await engine.runs.approve(runID, callID: callID, decision: decision.0, reason: decision.reason,
                                              blocksTool: decision.blocks, in: session.scope)
        } catch {
            logger.warning("could not record the editor's decision", metadata: ["call_id": .string(callID), "error": .string("\(error)")])
        }
    }
}

/// What a turn has seen: the update mapping's state, the approvals asked
/// for (by call id) and the final event.
private actor TurnState {
    private var updates: SessionUpdates
    private var approvals: [String: JSONValue] = [:]
    private(set) var terminal: RunEvent?

    init(updates: SessionUpdates) {
        self.updates = updates
    }

    func updates(for event: RunEvent) -> [JSONValue] {
        if event.type == EventType.toolRequiresApproval, let id = event.payload["call_id"]?.stringValue {
            approvals[id] = event.payload
        }
        return updates.updates(for: event)
    }

    func approval(_ callID: String) -> JSONValue? { approvals[callID] }

    func end(_ event: RunEvent) { terminal = event }
}
