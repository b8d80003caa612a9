// Pure functions from a run's events to what the pages draw: the chat
// transcript (text by step, tool calls with their results and approvals),
// the waterfall's spans, and the team conversation (message.* events).
import type { Json, JsonObject, RunEvent } from "../api/types";

export type ToolState = "running" | "done" | "error" | "blocked" | "waiting" | "approved" | "denied" | "interrupted";

export interface ToolCallItem {
    kind: "tool";
    callID: string;
    name: string;
    args: Json;
    step?: number;
    state: ToolState;
    result?: Json;
    isError?: boolean;
    reason?: string;
    riskLevel?: string;
    durationMs?: number;
}

export interface TextItem {
    kind: "text";
    step: number;
    text: string;
}

export interface NoticeItem {
    kind: "notice";
    tone: "info" | "warning" | "error";
    text: string;
    seq?: number;
}

export type TranscriptItem = TextItem | ToolCallItem | NoticeItem;

export interface Transcript {
    items: TranscriptItem[];
    /** The run's answer, once it completed. */
    output?: string;
    status: "pending" | "running" | "waiting_approval" | "completed" | "failed" | "cancelled";
    error?: string;
    /** Tool calls waiting for a decision. */
    waiting: ToolCallItem[];
}

const str = (value: Json | undefined): string | undefined => (typeof value === "string" ? value : undefined);
const num = (value: Json | undefined): number | undefined => (typeof value === "number" ? value : undefined);
const obj = (value: Json | undefined): JsonObject | undefined =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;

/** Field names as our protocol writes them, with the seed's as a fallback. */
function callID(p: JsonObject): string {
    return str(p.call_id) ?? str(p.tool_call_id) ?? "";
}
function toolName(p: JsonObject): string {
    return str(p.tool_name) ?? str(p.toolName) ?? "tool";
}

export function sortEvents(events: RunEvent[]): RunEvent[] {
    return [...events].sort((a, b) => {
        if (a.seq !== undefined && b.seq !== undefined) return a.seq - b.seq;
        return a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0;
    });
}

export function buildTranscript(events: RunEvent[]): Transcript {
    const items: TranscriptItem[] = [];
    const calls = new Map<string, ToolCallItem>();
    const texts = new Map<number, TextItem>();
    let status: Transcript["status"] = "pending";
    let output: string | undefined;
    let error: string | undefined;
    let currentStep = 0;

    const toolItem = (p: JsonObject, step: number | undefined): ToolCallItem => {
        const id = callID(p);
        let item = calls.get(id);
        if (!item) {
            item = { kind: "tool", callID: id, name: toolName(p), args: p.args ?? {}, step, state: "running" };
            calls.set(id, item);
            items.push(item);
        }
        return item;
    };

    for (const event of sortEvents(events)) {
        const p = event.payload ?? {};
        const step = event.step ?? num(p.step) ?? currentStep;
        switch (event.type) {
            case "run.started":
            case "run.resumed":
                status = "running";
                break;
            case "step.started":
                currentStep = num(p.step) ?? step;
                break;
            case "llm.token": {
                const text = str(p.text) ?? str(p.token) ?? "";
                let item = texts.get(step);
                if (!item) {
                    item = { kind: "text", step, text: "" };
                    texts.set(step, item);
                    items.push(item);
                }
                item.text += text;
                break;
            }
            case "tool.called": {
                const item = toolItem(p, step);
                item.args = p.args ?? item.args;
                if (item.state === "waiting" || item.state === "approved") item.state = "running";
                break;
            }
            case "tool.requires_approval": {
                const item = toolItem(p, step);
                item.state = "waiting";
                item.reason = str(p.reason);
                item.riskLevel = str(p.risk_level);
                status = "waiting_approval";
                break;
            }
            case "run.waiting":
                status = "waiting_approval";
                break;
            case "tool.approved": {
                const item = toolItem(p, step);
                if (item.state === "waiting") item.state = "approved";
                status = "running";
                break;
            }
            case "tool.denied":
            case "tool.rejected": {
                const item = toolItem(p, step);
                item.state = "denied";
                item.reason = str(p.reason) ?? item.reason;
                break;
            }
            case "tool.blocked": {
                const item = toolItem(p, step);
                item.state = "blocked";
                item.reason = str(p.reason);
                break;
            }
            case "tool.interrupted": {
                const item = toolItem(p, step);
                item.state = "interrupted";
                item.reason = str(p.reason);
                break;
            }
            case "tool.result": {
                const item = toolItem(p, step);
                item.result = p.result ?? null;
                item.isError = p.is_error === true || p.isError === true;
                item.durationMs = num(p.duration_ms);
                if (item.state !== "denied" && item.state !== "blocked") item.state = item.isError ? "error" : "done";
                break;
            }
            case "run.completed":
                status = "completed";
                output = str(p.output);
                break;
            case "run.failed":
                status = "failed";
                error = str(obj(p.error)?.message) ?? "The run failed.";
                items.push({ kind: "notice", tone: "error", text: error, seq: event.seq });
                break;
            case "run.cancelled":
                status = "cancelled";
                items.push({ kind: "notice", tone: "warning", text: "Stopped.", seq: event.seq });
                break;
            case "run.warning":
                items.push({ kind: "notice", tone: "warning", text: str(p.message) ?? "Warning", seq: event.seq });
                break;
            case "user.injected":
                items.push({ kind: "notice", tone: "info", text: `You added: ${str(p.message) ?? ""}`, seq: event.seq });
                break;
            default:
                break;
        }
    }
    const waiting = [...calls.values()].filter((c) => c.state === "waiting");
    return { items, output, status, error, waiting };
}

// The waterfall.

export type SpanKind = "run" | "step" | "model" | "tool" | "approval" | "member";

export interface Span {
    key: string;
    kind: SpanKind;
    label: string;
    detail?: string;
    start: number;
    /** Open spans of a live run end at "now" (the latest event or the clock). */
    end: number;
    open: boolean;
    depth: number;
    state?: "ok" | "error" | "waiting" | "blocked" | "denied";
    /** The step a model call belongs to. */
    step?: number;
    events: RunEvent[];
}

export interface Marker {
    key: string;
    at: number;
    label: string;
    type: string;
    event: RunEvent;
}

export interface Timeline {
    start: number;
    end: number;
    spans: Span[];
    markers: Marker[];
}

const time = (event: RunEvent) => Date.parse(event.ts);

/**
 * Spans: the run, each step (step.started → step.completed), each model call
 * (llm.called → the first event of that step that is not a token), each tool
 * call (tool.called → tool.result) and each wait for approval
 * (tool.requires_approval → tool.approved/denied). Other events are markers.
 */
export function buildTimeline(input: RunEvent[], now: number = Date.now()): Timeline {
    const events = sortEvents(input).filter((e) => !Number.isNaN(time(e)));
    if (events.length === 0) return { start: now, end: now, spans: [], markers: [] };
    const first = time(events[0]);
    const last = time(events[events.length - 1]);
    const terminal = events.find((e) => e.type === "run.completed" || e.type === "run.failed" || e.type === "run.cancelled");
    const liveEnd = terminal ? time(terminal) : Math.max(last, now);
    const spans: Span[] = [];
    const markers: Marker[] = [];

    const runSpan: Span = {
        key: "run", kind: "run", label: "run", start: first, end: liveEnd, open: !terminal, depth: 0, events: [],
        state: terminal ? (terminal.type === "run.completed" ? "ok" : terminal.type === "run.failed" ? "error" : "denied") : undefined,
    };
    spans.push(runSpan);

    const steps = new Map<number, Span>();
    const tools = new Map<string, Span>();
    const approvals = new Map<string, Span>();
    let model: Span | null = null;
    let currentStep = 0;

    const closeModel = (at: number) => {
        if (model && model.open) {
            model.end = at;
            model.open = false;
        }
    };

    for (let i = 0; i < events.length; i++) {
        const event = events[i];
        const at = time(event);
        const p = event.payload ?? {};
        if (event.type !== "llm.token" && event.type !== "llm.called") closeModel(at);
        switch (event.type) {
            case "run.started":
            case "run.completed":
            case "run.failed":
            case "run.cancelled":
                runSpan.events.push(event);
                if (event.type === "run.started") runSpan.detail = str(p.input);
                break;
            case "step.started": {
                currentStep = num(p.step) ?? event.step ?? currentStep + 1;
                const span: Span = { key: `step-${currentStep}-${event.seq ?? i}`, kind: "step", label: `step ${currentStep}`, start: at, end: liveEnd, open: true, depth: 1, events: [event] };
                steps.set(currentStep, span);
                spans.push(span);
                break;
            }
            case "step.completed": {
                const n = num(p.step) ?? event.step ?? currentStep;
                const span = steps.get(n);
                if (span) {
                    span.end = at;
                    span.open = false;
                    span.state = "ok";
                    span.detail = str(p.result_type);
                    span.events.push(event);
                }
                break;
            }
            case "llm.called": {
                if (model && model.open && model.step === currentStep) {
                    model.events.push(event); // a retry of the same call
                    model.detail = `${str(p.model) ?? ""} · attempt ${num(p.attempt) ?? 1}`;
                    break;
                }
                const span: Span = {
                    key: `model-${event.seq ?? i}`, kind: "model", label: `model ${str(p.model) ?? ""}`.trim(), detail: str(p.provider),
                    start: at, end: liveEnd, open: true, depth: 2, step: currentStep, events: [event],
                };
                model = span;
                spans.push(span);
                break;
            }
            case "llm.token":
                if (model && model.open) model.end = at;
                break;
            case "tool.requires_approval": {
                const id = callID(p);
                const span: Span = {
                    key: `approval-${id}`, kind: "approval", label: `approval ${toolName(p)}`, detail: str(p.reason),
                    start: at, end: liveEnd, open: true, depth: 2, state: "waiting", events: [event],
                };
                approvals.set(id, span);
                spans.push(span);
                break;
            }
            case "tool.approved":
            case "tool.denied":
            case "tool.rejected": {
                const span = approvals.get(callID(p));
                if (span) {
                    span.end = at;
                    span.open = false;
                    span.state = event.type === "tool.approved" ? "ok" : "denied";
                    span.detail = event.type === "tool.approved" ? str(p.decision) : `denied${str(p.reason) ? `: ${str(p.reason)}` : ""}`;
                    span.events.push(event);
                } else markers.push(marker(event, i));
                break;
            }
            case "tool.called": {
                const id = callID(p);
                const span: Span = {
                    key: `tool-${id}-${event.seq ?? i}`, kind: "tool", label: toolName(p), detail: compact(p.args),
                    start: at, end: liveEnd, open: true, depth: 2, events: [event],
                };
                tools.set(id, span);
                spans.push(span);
                break;
            }
            case "tool.result":
            case "tool.blocked":
            case "tool.interrupted": {
                const id = callID(p);
                const span = tools.get(id);
                if (span) {
                    const duration = num(p.duration_ms);
                    span.end = duration !== undefined ? Math.max(span.start + duration, span.start) : at;
                    span.end = Math.max(span.end, span.start);
                    span.open = false;
                    span.state = event.type === "tool.result" ? (p.is_error === true ? "error" : "ok") : "blocked";
                    span.events.push(event);
                } else {
                    // Blocked before it was called: a zero-length span says so.
                    spans.push({ key: `tool-${id}-${event.seq ?? i}`, kind: "tool", label: toolName(p), detail: str(p.reason), start: at, end: at, open: false, depth: 2, state: "blocked", events: [event] });
                }
                break;
            }
            default:
                markers.push(marker(event, i));
        }
    }
    if (model !== null) {
        const m: Span = model;
        if (m.open && terminal) {
            m.end = time(terminal);
            m.open = false;
        }
    }
    for (const span of spans) {
        if (span.open && terminal) {
            span.end = time(terminal);
            span.open = false;
        }
    }
    return { start: first, end: Math.max(liveEnd, first + 1), spans, markers };
}

function marker(event: RunEvent, index: number): Marker {
    return { key: `m-${event.seq ?? index}-${event.type}`, at: time(event), label: event.type, type: event.type, event };
}

/** A short one-line form of a JSON value, for labels. */
export function compact(value: Json | undefined, max = 80): string {
    if (value === undefined) return "";
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// The team conversation.

export interface TeamMessage {
    key: string;
    kind: "task" | "proposal" | "evidence" | "decision" | "status" | "other";
    roleID?: string;
    toRoleID?: string;
    ts: string;
    title: string;
    body: string;
    list?: { label: string; values: string[] }[];
    event: RunEvent;
}

export function buildTeamConversation(events: RunEvent[]): TeamMessage[] {
    const messages: TeamMessage[] = [];
    for (const event of sortEvents(events)) {
        if (!event.type.startsWith("message.")) continue;
        const p = event.payload ?? {};
        const key = `${event.run_id}-${event.seq ?? event.id}`;
        const roleID = event.role_id ?? str(p.role_id);
        const strings = (v: Json | undefined) => (Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))) : []);
        switch (event.type) {
            case "message.task":
                messages.push({ key, kind: "task", roleID: undefined, toRoleID: str(p.to_role_id) ?? roleID, ts: event.ts, title: "Task", body: str(p.goal) ?? "",
                    list: [{ label: "Constraints", values: strings(p.constraints) }], event });
                break;
            case "message.proposal":
                messages.push({ key, kind: "proposal", roleID, ts: event.ts, title: "Proposal", body: str(p.plan) ?? "",
                    list: [{ label: "Risks", values: strings(p.risks) }, { label: "Depends on", values: strings(p.dependencies) }], event });
                break;
            case "message.evidence":
                messages.push({ key, kind: "evidence", roleID, ts: event.ts, title: "Evidence", body: str(p.summary) ?? "", event });
                break;
            case "message.decision":
                messages.push({ key, kind: "decision", roleID, ts: event.ts, title: "Decision", body: str(p.decision) ?? "",
                    list: [{ label: "Rationale", values: str(p.rationale) ? [str(p.rationale) as string] : [] }, { label: "Next actions", values: strings(p.next_actions) }], event });
                break;
            case "message.status": {
                const progress = num(p.progress);
                messages.push({ key, kind: "status", roleID, ts: event.ts, title: "Status",
                    body: `${str(p.state) ?? ""}${progress !== undefined ? ` · ${Math.round(progress * 100)}%` : ""}`,
                    list: [{ label: "Blockers", values: strings(p.blockers) }], event });
                break;
            }
            default:
                messages.push({ key, kind: "other", roleID, ts: event.ts, title: event.type, body: compact(p, 200), event });
        }
    }
    return messages;
}
