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
    status: "pending" | "running" | "waiting_approval" | "waiting_children" | "completed" | "failed" | "cancelled";
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
            case "run.delegated":
                status = "waiting_children";
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

interface StepEvents {
    n: number;
    all: RunEvent[];
    started?: RunEvent;
    completed?: RunEvent;
    models: RunEvent[];
    tokens: RunEvent[];
    memory?: RunEvent;
}

/**
 * Spans: the run, each step, each model call, each tool call and each wait
 * for approval; other events are markers.
 *
 * A step's events are written in one transaction, so their `ts` is when the
 * step was committed, not when each thing happened. Finished spans are
 * therefore anchored at their end and measured back by the `duration_ms`
 * their closing event carries (step.completed, tool.result); a model call
 * fills its step from the end of memory retrieval to its first tool call
 * (or the step's end). Waits for approval are separate commits, so their
 * times are real. A live step's open spans reach `now`.
 */
export function buildTimeline(input: RunEvent[], now: number = Date.now()): Timeline {
    const events = sortEvents(input).filter((e) => !Number.isNaN(time(e)));
    if (events.length === 0) return { start: now, end: now, spans: [], markers: [] };
    const first = time(events[0]);
    const last = time(events[events.length - 1]);
    const terminal = events.find((e) => TERMINAL_TYPES.has(e.type));
    const liveEnd = terminal ? time(terminal) : Math.max(last, now);
    const markers: Marker[] = [];

    const runSpan: Span = {
        key: "run", kind: "run", label: "run", start: first, end: liveEnd, open: !terminal, depth: 0, events: [],
        state: terminal ? (terminal.type === "run.completed" ? "ok" : terminal.type === "run.failed" ? "error" : "denied") : undefined,
    };

    // Group by step; tool and approval events pair up by call id.
    const steps = new Map<number, StepEvents>();
    const stepOrder: number[] = [];
    const toolEvents = new Map<string, { step: number; called?: RunEvent; end?: RunEvent; order: number }>();
    const approvals = new Map<string, { step: number; asked: RunEvent; decided?: RunEvent }>();
    let currentStep = 0;
    const stepOf = (n: number): StepEvents => {
        let s = steps.get(n);
        if (!s) {
            s = { n, all: [], models: [], tokens: [] };
            steps.set(n, s);
            stepOrder.push(n);
        }
        return s;
    };
    events.forEach((event, index) => {
        const p = event.payload ?? {};
        if (event.type === "step.started") currentStep = num(p.step) ?? event.step ?? currentStep + 1;
        const n = event.step ?? (event.type.startsWith("step.") ? num(p.step) : undefined) ?? currentStep;
        switch (event.type) {
            case "run.started":
            case "run.completed":
            case "run.failed":
            case "run.cancelled":
                runSpan.events.push(event);
                if (event.type === "run.started") runSpan.detail = str(p.input);
                return;
            case "step.started":
                stepOf(n).started = event;
                stepOf(n).all.push(event);
                return;
            case "step.completed":
                stepOf(n).completed = event;
                stepOf(n).all.push(event);
                return;
            case "llm.called":
                stepOf(n).models.push(event);
                return;
            case "llm.token":
                stepOf(n).tokens.push(event);
                return;
            case "memory.retrieved":
                if (n > 0) {
                    stepOf(n).memory = event;
                    stepOf(n).all.push(event);
                    return;
                }
                break;
            case "tool.called": {
                const id = callID(p);
                const entry = toolEvents.get(id) ?? { step: n, order: index };
                entry.called = event;
                toolEvents.set(id, entry);
                return;
            }
            case "tool.result":
            case "tool.blocked":
            case "tool.interrupted": {
                const id = callID(p);
                const entry = toolEvents.get(id) ?? { step: n, order: index };
                entry.end = event;
                toolEvents.set(id, entry);
                return;
            }
            case "tool.requires_approval":
                approvals.set(callID(p), { step: n, asked: event });
                return;
            case "tool.approved":
            case "tool.denied":
            case "tool.rejected": {
                const entry = approvals.get(callID(p));
                if (entry) {
                    entry.decided = event;
                    return;
                }
                break;
            }
            default:
                break;
        }
        markers.push(marker(event, index));
    });

    const spans: Span[] = [runSpan];
    const clamp = (t: number) => Math.min(Math.max(t, first), liveEnd);
    for (const n of stepOrder) {
        const step = steps.get(n) as StepEvents;
        const firstAt = Math.min(...[...step.all, ...step.models, ...step.tokens].map(time));
        const stepEnd = step.completed ? time(step.completed) : liveEnd;
        const stepDuration = step.completed ? num(step.completed.payload.duration_ms) : undefined;
        // A step that waited (for an approval) was started in an earlier commit: it began then.
        const measured = stepDuration !== undefined ? stepEnd - stepDuration : stepEnd;
        const stepStart = clamp(Math.min(measured, Number.isFinite(firstAt) ? firstAt : measured));
        spans.push({
            key: `step-${n}`, kind: "step", label: `step ${n}`, detail: step.completed ? str(step.completed.payload.result_type) : undefined,
            start: stepStart, end: stepEnd, open: !step.completed && !terminal, depth: 1, state: step.completed ? "ok" : undefined, step: n, events: step.all,
        });

        // Tool calls of this step, anchored at their end.
        const tools = [...toolEvents.entries()].filter(([, t]) => t.step === n).sort((a, b) => a[1].order - b[1].order);
        const toolSpans: Span[] = tools.map(([id, t]) => {
            const p = (t.called ?? t.end)?.payload ?? {};
            const endEvent = t.end;
            const end = endEvent ? time(endEvent) : liveEnd;
            const duration = endEvent ? num(endEvent.payload.duration_ms) : undefined;
            const start = Math.max(duration !== undefined ? end - duration : t.called ? time(t.called) : end, stepStart);
            const state: Span["state"] = !endEvent ? undefined : endEvent.type === "tool.result" ? (endEvent.payload.is_error === true ? "error" : "ok") : "blocked";
            return {
                key: `tool-${id}`, kind: "tool", label: toolName(p), detail: endEvent?.type === "tool.result" ? compact(p.args) : str(endEvent?.payload.reason) ?? compact(p.args),
                start: Math.min(start, end), end, open: !endEvent && !terminal, depth: 2, state, step: n, events: [t.called, t.end].filter((e): e is RunEvent => e !== undefined),
            };
        });
        const asked = [...approvals.values()].filter((a) => a.step === n);

        // The model call: from the end of memory retrieval to the first tool call or approval request.
        if (step.models.length > 0) {
            const memoryMs = step.memory ? num(step.memory.payload.duration_ms) ?? 0 : 0;
            const cut = Math.min(...toolSpans.map((t) => t.start), ...asked.map((a) => time(a.asked)));
            const tokenEnd = step.tokens.length > 0 ? time(step.tokens[step.tokens.length - 1]) : undefined;
            let end = Number.isFinite(cut) ? cut : step.completed ? stepEnd : tokenEnd ?? liveEnd;
            const open = !Number.isFinite(cut) && !step.completed && !terminal;
            if (open) end = liveEnd;
            const start = Math.min(stepStart + memoryMs, end);
            const called = step.models[step.models.length - 1];
            const attempts = num(called.payload.attempt) ?? 1;
            spans.push({
                key: `model-${n}`, kind: "model", label: `model ${str(called.payload.model) ?? ""}`.trim(),
                detail: `${str(called.payload.provider) ?? ""}${attempts > 1 ? ` · attempt ${attempts}` : ""}`,
                start, end, open, depth: 2, state: open ? undefined : "ok", step: n, events: [...step.models],
            });
        }
        for (const a of asked) {
            const p = a.asked.payload;
            const decided = a.decided;
            spans.push({
                key: `approval-${callID(p)}`, kind: "approval", label: `approval ${toolName(p)}`,
                detail: decided ? (decided.type === "tool.approved" ? str(decided.payload.decision) : `denied${str(decided.payload.reason) ? `: ${str(decided.payload.reason)}` : ""}`) : str(p.reason),
                start: time(a.asked), end: decided ? time(decided) : liveEnd, open: !decided && !terminal, depth: 2,
                state: decided ? (decided.type === "tool.approved" ? "ok" : "denied") : "waiting", step: n, events: [a.asked, ...(decided ? [decided] : [])],
            });
        }
        spans.push(...toolSpans);
    }
    return { start: first, end: Math.max(liveEnd, first + 1), spans, markers };
}

const TERMINAL_TYPES: ReadonlySet<string> = new Set(["run.completed", "run.failed", "run.cancelled"]);

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
