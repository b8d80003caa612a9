// One tool call inline in the chat: name, state, arguments and result,
// collapsible; a call waiting for approval shows the decision buttons.
import { useState } from "react";
import type { ApproveBody, JsonObject } from "../api/types";
import { compact, ToolCallItem } from "../lib/trace";
import { formatDuration, prettyJSON } from "../lib/format";
import { JsonView } from "./JsonView";
import { InlineError } from "./States";

const stateLabels: Record<ToolCallItem["state"], string> = {
    running: "running", done: "done", error: "error", blocked: "blocked", waiting: "needs approval", approved: "approved", denied: "denied", interrupted: "interrupted",
};

export function ToolCallCard({ call, onDecide }: { call: ToolCallItem; onDecide?: (body: ApproveBody) => Promise<void> }) {
    const [open, setOpen] = useState(call.state === "waiting");
    const waiting = call.state === "waiting";
    return (
        <div className={`tool-call tool-${call.state}`} data-call-id={call.callID}>
            <button type="button" className="tool-head" aria-expanded={open || waiting} onClick={() => setOpen(!open)}>
                <span className="tool-chevron" aria-hidden={true}>{open || waiting ? "▾" : "▸"}</span>
                <span className="tool-name">{call.name}</span>
                <span className="tool-args-preview">{compact(call.args, 60)}</span>
                <span className={`tool-state state-${call.state}`}>{stateLabels[call.state]}</span>
                {call.durationMs !== undefined && <span className="tool-duration">{formatDuration(call.durationMs)}</span>}
            </button>
            {(open || waiting) && (
                <div className="tool-body">
                    <div className="tool-section">
                        <h4>Arguments</h4>
                        <JsonView value={call.args} label={`Arguments of ${call.name}`} />
                    </div>
                    {call.reason && <p className="tool-reason">{call.state === "waiting" ? "Why it asks: " : "Reason: "}{call.reason}</p>}
                    {call.result !== undefined && (
                        <div className="tool-section">
                            <h4>{call.isError ? "Error" : "Result"}</h4>
                            <JsonView value={call.result} label={`Result of ${call.name}`} />
                        </div>
                    )}
                    {waiting && onDecide && <ApprovalPanel call={call} onDecide={onDecide} />}
                </div>
            )}
        </div>
    );
}

type Mode = "buttons" | "deny" | "edit";

export function ApprovalPanel({ call, onDecide }: { call: ToolCallItem; onDecide: (body: ApproveBody) => Promise<void> }) {
    const [mode, setMode] = useState<Mode>("buttons");
    const [reason, setReason] = useState("");
    const [argsText, setArgsText] = useState(() => prettyJSON(call.args));
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<Error | null>(null);

    const decide = async (body: ApproveBody) => {
        setBusy(true);
        setError(null);
        try {
            await onDecide(body);
        } catch (e) {
            setError(e instanceof Error ? e : new Error(String(e)));
        } finally {
            setBusy(false);
        }
    };

    const submitEdit = () => {
        let parsed: unknown;
        try {
            parsed = JSON.parse(argsText);
        } catch (e) {
            setError(new Error(`The arguments are not valid JSON: ${e instanceof Error ? e.message : String(e)}`));
            return;
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            setError(new Error("The arguments must be a JSON object."));
            return;
        }
        void decide({ tool_call_id: call.callID, decision: "allow_once", modified_args: parsed as JsonObject });
    };

    return (
        <div className="approval" role="group" aria-label={`Approve ${call.name}`}>
            <p className="approval-question">Run <strong>{call.name}</strong>{call.riskLevel ? ` (risk: ${call.riskLevel})` : ""}?</p>
            {mode === "buttons" && (
                <div className="row wrap">
                    <button type="button" disabled={busy} onClick={() => void decide({ tool_call_id: call.callID, decision: "allow_once" })}>Allow once</button>
                    <button type="button" disabled={busy} className="secondary" onClick={() => void decide({ tool_call_id: call.callID, decision: "allow_always" })}>Allow always</button>
                    <button type="button" disabled={busy} className="danger" onClick={() => setMode("deny")}>Deny…</button>
                    <button type="button" disabled={busy} className="secondary" onClick={() => setMode("edit")}>Edit arguments…</button>
                </div>
            )}
            {mode === "deny" && (
                <form className="stack" onSubmit={(e) => { e.preventDefault(); void decide({ tool_call_id: call.callID, decision: "deny", reason: reason.trim() || undefined }); }}>
                    <label htmlFor={`deny-${call.callID}`}>Reason (the model reads it)</label>
                    <input id={`deny-${call.callID}`} type="text" value={reason} autoFocus={true} onChange={(e) => setReason(e.target.value)} />
                    <div className="row">
                        <button type="submit" className="danger" disabled={busy}>Deny</button>
                        <button type="button" className="secondary" onClick={() => setMode("buttons")}>Back</button>
                    </div>
                </form>
            )}
            {mode === "edit" && (
                <form className="stack" onSubmit={(e) => { e.preventDefault(); submitEdit(); }}>
                    <label htmlFor={`edit-${call.callID}`}>Arguments to run it with (JSON)</label>
                    <textarea id={`edit-${call.callID}`} className="mono" rows={6} value={argsText} spellCheck={false} onChange={(e) => setArgsText(e.target.value)} />
                    <div className="row">
                        <button type="submit" disabled={busy}>Allow with these arguments</button>
                        <button type="button" className="secondary" onClick={() => setMode("buttons")}>Back</button>
                    </div>
                </form>
            )}
            <InlineError error={error} />
        </div>
    );
}
