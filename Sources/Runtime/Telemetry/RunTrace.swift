import Foundation
import JSON
import Store

/// A run's spans, read off its event log (the log is the source of truth;
/// spans are a view of it, the same for `runs/export --format otel` and the
/// live exporter): one `invoke_agent` span for the run, a span per step, a
/// `chat` span per model call and an `execute_tool` span per tool call,
/// named and attributed after the OpenTelemetry GenAI semantic conventions
/// (`gen_ai.*`, `error.type`), plus `openintern.*` for what they lack.
///
/// Ids are derived from run ids, so exporting twice gives the same spans:
/// a run's trace is its root run's (a group member's spans join its group
/// run's trace, under the group run's span). Nothing a user, a model or a
/// tool wrote is exported unless `captureContent` is on.
public struct RunTrace: Sendable {
    public var captureContent = false
    /// Content attributes are cut to this many UTF-8 bytes.
    public static let contentLimit = 4096

    public init(captureContent: Bool = false) {
        self.captureContent = captureContent
    }

    private struct StepSpan {
        var start: UInt64
        var end: UInt64?
        var resultType: String?
        var finish: String?
    }

    private struct ModelCall {
        var step: Int
        var start: UInt64
        var end: UInt64?
        var provider = ""
        var model = ""
        var attempts = 1
        var usage: JSONValue?
        var cost: Double?
        var finish: String?
        var purpose = "step"
    }

    private struct ToolSpan {
        var step: Int
        var callID: String
        var name: String
        var start: UInt64
        var end: UInt64?
        var error: String?
        var args: JSONValue?
        var result: JSONValue?
    }

    /// The spans of `run` from its events (in `seq` order).
    public func spans(of run: Run, events: [RunEvent]) -> [OTLPSpan] {
        let trace = SpanIDs.trace(root: run.parentRunID ?? run.id)
        let runSpan = SpanIDs.span("run", run.id)
        var firstTs: UInt64?, lastTs: UInt64 = 0, endTs: UInt64?
        var steps: [Int: StepSpan] = [:]
        var calls: [ModelCall] = []
        var tools: [ToolSpan] = []
        var agent: JSONValue = [:]
        var failure: (code: String, message: String)?
        var openCall: Int?

        for event in events where event.type != EventType.llmToken {
            let ts = Self.nanos(event.ts)
            firstTs = firstTs ?? ts
            lastTs = max(lastTs, ts)
            let p = event.payload
            let step = event.step ?? 0
            // A model call ends at the first thing its step did with the answer.
            if let open = openCall, ![EventType.llmCalled, EventType.memoryRetrieved].contains(event.type) {
                calls[open].end = ts
                openCall = nil
            }
            switch event.type {
            case EventType.runStarted:
                agent = p["agent"] ?? [:]
            case EventType.stepStarted:
                if steps[step] == nil { steps[step] = StepSpan(start: ts) }
            case EventType.stepCompleted:
                steps[step, default: StepSpan(start: ts)].end = ts
                steps[step]?.resultType = p["result_type"]?.stringValue
                steps[step]?.finish = p["finish_reason"]?.stringValue
                if let i = calls.lastIndex(where: { $0.step == step && $0.purpose == "step" }) {
                    calls[i].usage = p["usage"]
                    calls[i].cost = p["cost_usd"]?.doubleValue
                    calls[i].finish = p["finish_reason"]?.stringValue
                    calls[i].end = calls[i].end ?? ts
                }
            case EventType.llmCalled:
                let attempt = Int(p["attempt"]?.intValue ?? 1)
                if attempt > 1, let i = calls.lastIndex(where: { $0.step == step }) {
                    calls[i].attempts = attempt
                    openCall = i
                } else {
                    calls.append(ModelCall(step: step, start: ts, provider: p["provider"]?.stringValue ?? "", model: p["model"]?.stringValue ?? ""))
                    openCall = calls.count - 1
                }
            case EventType.toolCalled:
                let id = p["call_id"]?.stringValue ?? ""
                if !tools.contains(where: { $0.callID == id }) {
                    tools.append(ToolSpan(step: step, callID: id, name: p["tool_name"]?.stringValue ?? "", start: ts, args: p["args"]))
                }
            case EventType.toolResult, EventType.toolBlocked, EventType.toolInterrupted:
                let id = p["call_id"]?.stringValue ?? ""
                let i = tools.firstIndex { $0.callID == id } ?? {
                    tools.append(ToolSpan(step: step, callID: id, name: p["tool_name"]?.stringValue ?? "", start: ts, args: p["args"]))
                    return tools.count - 1
                }()
                if event.type == EventType.toolBlocked { tools[i].error = "blocked" }
                if event.type == EventType.toolInterrupted { tools[i].error = "interrupted" }
                if event.type == EventType.toolResult {
                    tools[i].end = ts
                    tools[i].result = p["result"]
                    if p["is_error"]?.boolValue == true, tools[i].error == nil { tools[i].error = "tool_error" }
                } else {
                    tools[i].end = tools[i].end ?? ts
                }
            case EventType.memorySummarized:
                var call = ModelCall(step: step, start: ts, end: ts, model: p["model"]?.stringValue ?? "")
                call.purpose = "summary"
                call.usage = p["usage"]
                calls.append(call)
            case EventType.runFailed:
                failure = (p["error"]?["code"]?.stringValue ?? "error", p["error"]?["message"]?.stringValue ?? "")
                endTs = ts
            case EventType.runCompleted, EventType.runCancelled:
                endTs = ts
            default:
                break
            }
        }

        let runStart = firstTs ?? run.startedAt.map(Self.nanos) ?? Self.nanos(run.createdAt)
        let runEnd = endTs ?? run.endedAt.map(Self.nanos) ?? max(lastTs, runStart)
        var out: [OTLPSpan] = []
        out.append(agentSpan(run, trace: trace, id: runSpan, start: runStart, end: runEnd, agent: agent, failure: failure, events: events))
        for (n, step) in steps.sorted(by: { $0.key < $1.key }) {
            var attributes = [OTLPAttribute("openintern.step", .int(Int64(n))), OTLPAttribute("openintern.run.id", .string(run.id))]
            if let r = step.resultType { attributes.append(OTLPAttribute("openintern.step.result_type", .string(r))) }
            let failed = step.end == nil && failure != nil
            out.append(OTLPSpan(traceId: trace, spanId: SpanIDs.span("step", run.id, "\(n)"), parentSpanId: runSpan, name: "step \(n)", kind: .internal,
                                start: step.start, end: step.end ?? runEnd, attributes: attributes + (failed ? [Self.errorType(failure!.code)] : []),
                                status: failed ? .error(failure!.code) : nil))
        }
        for (i, call) in calls.enumerated() {
            let parent = steps[call.step] != nil ? SpanIDs.span("step", run.id, "\(call.step)") : runSpan
            out.append(chatSpan(call, run: run, trace: trace, id: SpanIDs.span("chat", run.id, "\(i)"), parent: parent, runEnd: runEnd, failure: failure))
        }
        for tool in tools {
            let parent = steps[tool.step] != nil ? SpanIDs.span("step", run.id, "\(tool.step)") : runSpan
            var attributes = [
                OTLPAttribute("gen_ai.operation.name", .string("execute_tool")),
                OTLPAttribute("gen_ai.tool.name", .string(tool.name)),
                OTLPAttribute("gen_ai.tool.call.id", .string(tool.callID)),
                // MCP tools are named server__tool: an extension of the agent's; built-ins are its functions.
                OTLPAttribute("gen_ai.tool.type", .string(tool.name.contains("__") ? "extension" : "function")),
                OTLPAttribute("openintern.run.id", .string(run.id)),
            ]
            if captureContent {
                if let args = tool.args { attributes.append(OTLPAttribute("gen_ai.tool.call.arguments", .string(Self.cut(args.description)))) }
                if let result = tool.result { attributes.append(OTLPAttribute("gen_ai.tool.call.result", .string(Self.cut(result.description)))) }
            }
            if let error = tool.error { attributes.append(Self.errorType(error)) }
            out.append(OTLPSpan(traceId: trace, spanId: SpanIDs.span("tool", run.id, tool.callID), parentSpanId: parent,
                                name: "execute_tool \(tool.name)", kind: .internal, start: tool.start, end: tool.end ?? runEnd,
                                attributes: attributes, status: tool.error.map { OTLPSpan.Status.error($0) }))
        }
        return out
    }

    private func agentSpan(_ run: Run, trace: String, id: String, start: UInt64, end: UInt64, agent: JSONValue,
                           failure: (code: String, message: String)?, events: [RunEvent]) -> OTLPSpan {
        let name = agent["role"]?["name"]?.stringValue ?? run.agentID
        var attributes = [
            OTLPAttribute("gen_ai.operation.name", .string("invoke_agent")),
            OTLPAttribute("gen_ai.agent.id", .string(run.agentID)),
            OTLPAttribute("gen_ai.agent.name", .string(name)),
            OTLPAttribute("gen_ai.conversation.id", .string(run.sessionKey)),
            OTLPAttribute("gen_ai.usage.input_tokens", .int(run.usage.inputTokens)),
            OTLPAttribute("gen_ai.usage.output_tokens", .int(run.usage.outputTokens)),
            OTLPAttribute("openintern.run.id", .string(run.id)),
            OTLPAttribute("openintern.run.status", .string(run.status.rawValue)),
            OTLPAttribute("openintern.cost_usd", .double(UsagePayload.dollars(run.usage.costNanos))),
            OTLPAttribute("openintern.usage.estimated", .bool(run.usage.estimated)),
            OTLPAttribute("openintern.org_id", .string(run.scope.orgID)),
            OTLPAttribute("openintern.user_id", .string(run.scope.userID)),
        ]
        if let provider = agent["provider"]?.stringValue { attributes.append(OTLPAttribute("gen_ai.provider.name", .string(Self.provider(provider)))) }
        if let model = agent["model"]?.stringValue { attributes.append(OTLPAttribute("gen_ai.request.model", .string(model))) }
        if run.usage.cachedTokens > 0 { attributes.append(OTLPAttribute("gen_ai.usage.cache_read.input_tokens", .int(run.usage.cachedTokens))) }
        if let projectID = run.scope.projectID { attributes.append(OTLPAttribute("openintern.project_id", .string(projectID))) }
        if let stop = run.stopReason { attributes.append(OTLPAttribute("openintern.stop_reason", .string(stop))) }
        if let parent = run.parentRunID { attributes.append(OTLPAttribute("openintern.parent_run_id", .string(parent))) }
        if let group = run.groupID { attributes.append(OTLPAttribute("openintern.group_id", .string(group))) }
        if let role = run.roleID { attributes.append(OTLPAttribute("openintern.role_id", .string(role))) }
        if captureContent {
            attributes.append(OTLPAttribute("gen_ai.input.messages", .string(Self.messages(role: "user", Self.cut(run.input)))))
            if let output = run.output.flatMap({ try? JSONParser.parse($0) })?.stringValue {
                attributes.append(OTLPAttribute("gen_ai.output.messages", .string(Self.messages(role: "assistant", Self.cut(output)))))
            }
        }
        if let failure { attributes.append(Self.errorType(failure.code)) }
        // A member's span sits under its group run's.
        let parent = run.parentRunID.map { SpanIDs.span("run", $0) }
        return OTLPSpan(traceId: trace, spanId: id, parentSpanId: parent, name: "invoke_agent \(name)", kind: .internal, start: start, end: end,
                        attributes: attributes, status: failure.map { .error(captureContent ? "\($0.code): \($0.message)" : $0.code) })
    }

    private func chatSpan(_ call: ModelCall, run: Run, trace: String, id: String, parent: String, runEnd: UInt64,
                          failure: (code: String, message: String)?) -> OTLPSpan {
        // `scripted/model` in memory.summarized names both.
        var provider = call.provider, model = call.model
        if provider.isEmpty, let slash = model.firstIndex(of: "/") {
            provider = String(model[..<slash])
            model = String(model[model.index(after: slash)...])
        }
        var attributes = [
            OTLPAttribute("gen_ai.operation.name", .string("chat")),
            OTLPAttribute("gen_ai.provider.name", .string(Self.provider(provider))),
            OTLPAttribute("gen_ai.request.model", .string(model)),
            OTLPAttribute("openintern.run.id", .string(run.id)),
            OTLPAttribute("openintern.llm.purpose", .string(call.purpose)),
            OTLPAttribute("openintern.llm.attempts", .int(Int64(call.attempts))),
        ]
        if let usage = call.usage {
            attributes.append(OTLPAttribute("gen_ai.usage.input_tokens", .int(usage["input_tokens"]?.intValue ?? 0)))
            attributes.append(OTLPAttribute("gen_ai.usage.output_tokens", .int(usage["output_tokens"]?.intValue ?? 0)))
            if let cached = usage["cached_tokens"]?.intValue, cached > 0 {
                attributes.append(OTLPAttribute("gen_ai.usage.cache_read.input_tokens", .int(cached)))
            }
            attributes.append(OTLPAttribute("openintern.usage.estimated", .bool(usage["estimated"]?.boolValue ?? false)))
        }
        if let cost = call.cost { attributes.append(OTLPAttribute("openintern.cost_usd", .double(cost))) }
        if let finish = call.finish { attributes.append(OTLPAttribute("gen_ai.response.finish_reasons", .strings([finish]))) }
        // A call that never got an answer failed with the run (a provider error, a timeout).
        let failed = call.usage == nil && call.purpose == "step" && failure != nil
        if failed { attributes.append(Self.errorType(failure!.code)) }
        return OTLPSpan(traceId: trace, spanId: id, parentSpanId: parent, name: "chat \(model.isEmpty ? provider : model)", kind: .client,
                        start: call.start, end: call.end ?? runEnd, attributes: attributes, status: failed ? .error(failure!.code) : nil)
    }

    /// `gen_ai.provider.name` values of the conventions where one exists.
    static func provider(_ name: String) -> String {
        switch name {
        case "gemini": "gcp.gemini"
        case "mock": "scripted"
        default: name
        }
    }

    static func errorType(_ code: String) -> OTLPAttribute { OTLPAttribute("error.type", .string(code)) }

    static func messages(role: String, _ text: String) -> String {
        JSONValue.array([["role": .string(role), "parts": [["type": "text", "content": .string(text)]]]]).description
    }

    /// At most `contentLimit` bytes, cut between characters, marked with "…".
    static func cut(_ text: String) -> String {
        guard text.utf8.count > contentLimit else { return text }
        var kept = String.UnicodeScalarView()
        var bytes = 0
        for scalar in text.unicodeScalars {
            bytes += UTF8.width(scalar)
            if bytes > contentLimit { break }
            kept.append(scalar)
        }
        return String(kept) + "…"
    }

    static func nanos(_ date: Date) -> UInt64 { UInt64(max(0, Timestamp.milliseconds(date))) * 1_000_000 }

    static func nanos(_ ts: String) -> UInt64 { Timestamp.parse(ts).map(nanos) ?? 0 }
}

/// Trace and span ids derived from run ids (SHA-256, hex), so a run's spans
/// are the same whoever exports them and however often.
enum SpanIDs {
    static func trace(root runID: String) -> String { String(SHA256.hex(Array("trace:\(runID)".utf8)).prefix(32)) }

    static func span(_ parts: String...) -> String { String(SHA256.hex(Array(parts.joined(separator: ":").utf8)).prefix(16)) }
}
