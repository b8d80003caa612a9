// The trace model: what the chat and the waterfall draw from a run's events.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import type { JsonObject, RunEvent } from "../src/api/types";
import { buildTeamConversation, buildTimeline, buildTranscript } from "../src/lib/trace";

let seq = 0;
const t0 = Date.parse("2026-12-06T10:00:00.000Z");
function ev(type: string, at: number, payload: JsonObject = {}, extra: Partial<RunEvent> = {}): RunEvent {
    seq += 1;
    return { id: `evt_${seq}`, run_id: "run_1", seq, type, ts: new Date(t0 + at).toISOString(), payload, ...extra };
}

function approvalRun(): RunEvent[] {
    seq = 0;
    return [
        ev("run.started", 0, { input: "write it", session_key: "s_1" }),
        ev("step.started", 5, { step: 1 }, { step: 1 }),
        ev("llm.called", 10, { model: "scripted-default", provider: "scripted", attempt: 1 }, { step: 1 }),
        ev("llm.token", 20, { index: 0, text: "I'll " }, { step: 1 }),
        ev("llm.token", 30, { index: 1, text: "write." }, { step: 1 }),
        ev("tool.requires_approval", 40, { call_id: "c1", tool_name: "file_write", args: { path: "a.md" }, reason: "writes" }, { step: 1 }),
        ev("run.waiting", 41, { call_ids: ["c1"] }),
    ];
}

test("a waiting call is one card, waiting, and the run waits", () => {
    const transcript = buildTranscript(approvalRun());
    assert.equal(transcript.status, "waiting_approval");
    assert.equal(transcript.waiting.length, 1);
    assert.equal(transcript.waiting[0].name, "file_write");
    assert.deepEqual(transcript.items.map((i) => i.kind), ["text", "tool"]);
    const text = transcript.items[0];
    assert.ok(text.kind === "text" && text.text === "I'll write.");
});

test("approval, call and result fold into one done card and the answer follows", () => {
    const events = approvalRun();
    events.push(
        ev("tool.approved", 500, { call_id: "c1", tool_name: "file_write", decision: "allow_once" }, { step: 1 }),
        ev("tool.called", 510, { call_id: "c1", tool_name: "file_write", args: { path: "a.md" } }, { step: 1 }),
        ev("tool.result", 530, { call_id: "c1", tool_name: "file_write", is_error: false, result: { bytes: 3 }, duration_ms: 20 }, { step: 1 }),
        ev("step.completed", 540, { step: 1, result_type: "tool_call", duration_ms: 535, usage: { input_tokens: 1, output_tokens: 1, cached_tokens: 0 } }, { step: 1 }),
        ev("step.started", 550, { step: 2 }, { step: 2 }),
        ev("llm.called", 555, { model: "scripted-default", provider: "scripted", attempt: 1 }, { step: 2 }),
        ev("llm.token", 560, { index: 0, text: "Done." }, { step: 2 }),
        ev("step.completed", 600, { step: 2, result_type: "final_answer", duration_ms: 50, usage: { input_tokens: 1, output_tokens: 1, cached_tokens: 0 } }, { step: 2 }),
        ev("run.completed", 610, { output: "Done.", stop_reason: "end_turn", usage: { input_tokens: 2, output_tokens: 2, cached_tokens: 0 } }),
    );
    // Out of order on arrival: seq decides.
    const transcript = buildTranscript([...events].reverse());
    assert.equal(transcript.status, "completed");
    assert.equal(transcript.output, "Done.");
    const calls = transcript.items.filter((i) => i.kind === "tool");
    assert.equal(calls.length, 1);
    assert.ok(calls[0].kind === "tool" && calls[0].state === "done" && calls[0].durationMs === 20);

    const timeline = buildTimeline(events);
    const kinds = timeline.spans.map((s) => s.kind);
    assert.deepEqual(kinds, ["run", "step", "model", "approval", "tool", "step", "model"]);
    const [run, step1, model1, approval, tool, step2, model2] = timeline.spans;
    const at = (t: number) => t - t0;
    assert.deepEqual([at(run.start), at(run.end)], [0, 610]);
    assert.deepEqual([at(step1.start), at(step1.end)], [5, 540], "a step is measured back from its commit by duration_ms");
    assert.deepEqual([at(model1.start), at(model1.end)], [5, 40], "a model call ends where the first approval request or tool call begins");
    assert.deepEqual([at(approval.start), at(approval.end)], [40, 500]);
    assert.equal(approval.state, "ok");
    assert.deepEqual([at(tool.start), at(tool.end)], [510, 530]);
    assert.deepEqual([at(step2.start), at(step2.end), at(model2.start), at(model2.end)], [550, 600, 550, 600]);
    assert.ok(timeline.spans.every((s) => !s.open));
    assert.deepEqual(timeline.markers.map((m) => m.type), ["run.waiting"]);
});

test("a step committed at once is drawn from durations, not its identical timestamps", () => {
    seq = 0;
    const events = [
        ev("run.started", 0, { input: "x", session_key: "s" }),
        ev("step.started", 300, { step: 1 }, { step: 1 }),
        ev("memory.retrieved", 300, { hits: [], core_blocks: [], duration_ms: 10 }, { step: 1 }),
        ev("llm.called", 300, { model: "m", provider: "p", attempt: 1 }, { step: 1 }),
        ev("tool.called", 300, { call_id: "c", tool_name: "file_list", args: {} }, { step: 1 }),
        ev("tool.result", 300, { call_id: "c", tool_name: "file_list", is_error: false, result: [], duration_ms: 60 }, { step: 1 }),
        ev("step.completed", 300, { step: 1, result_type: "tool_call", duration_ms: 290 }, { step: 1 }),
        ev("run.completed", 320, { output: "ok" }),
    ];
    const spans = buildTimeline(events).spans.map((s) => [s.kind, s.start - t0, s.end - t0]);
    assert.deepEqual(spans, [["run", 0, 320], ["step", 10, 300], ["model", 20, 240], ["tool", 240, 300]]);
});

test("a live run's open spans reach now, and a denied call says so", () => {
    const events = approvalRun();
    const live = buildTimeline(events, t0 + 1000);
    const approval = live.spans.find((s) => s.kind === "approval");
    assert.ok(approval && approval.open && approval.end === t0 + 1000);
    events.push(ev("tool.denied", 700, { call_id: "c1", tool_name: "file_write", reason: "no" }, { step: 1 }));
    const transcript = buildTranscript(events);
    const call = transcript.items.find((i) => i.kind === "tool");
    assert.ok(call && call.kind === "tool" && call.state === "denied" && call.reason === "no");
    assert.equal(buildTimeline(events).spans.find((s) => s.kind === "approval")?.state, "denied");
});

test("team messages read as a conversation between roles", () => {
    seq = 0;
    const messages = buildTeamConversation([
        ev("message.task", 0, { goal: "Pick a database", to_role_id: "role_r", constraints: ["cheap"] }),
        ev("message.proposal", 10, { plan: "SQLite", risks: ["one writer"] }, { role_id: "role_r" }),
        ev("step.started", 11, { step: 1 }),
        ev("message.decision", 20, { decision: "SQLite first", rationale: "zero set-up", next_actions: ["add CI"] }, { role_id: "role_l" }),
    ]);
    assert.deepEqual(messages.map((m) => [m.kind, m.roleID ?? m.toRoleID, m.body]), [
        ["task", "role_r", "Pick a database"], ["proposal", "role_r", "SQLite"], ["decision", "role_l", "SQLite first"],
    ]);
    assert.deepEqual(messages[2].list?.map((l) => l.values), [["zero set-up"], ["add CI"]]);
});

test("a delegating run waits for its children, then runs again", () => {
    seq = 0;
    const events = [
        ev("run.started", 0, { input: "split it", session_key: "s_1" }),
        ev("step.started", 5, { step: 1 }, { step: 1 }),
        ev("tool.called", 10, { call_id: "d1", tool_name: "dispatch_subtasks", args: { subtasks: [] } }, { step: 1 }),
        ev("run.delegated", 11, { call_id: "d1", tool_name: "dispatch_subtasks", child_run_ids: ["run_2", "run_3"] }, { step: 1 }),
    ];
    assert.equal(buildTranscript(events).status, "waiting_children");
    events.push(ev("run.resumed", 900, { from_step: 1, attempt: 2 }));
    assert.equal(buildTranscript(events).status, "running");
});
