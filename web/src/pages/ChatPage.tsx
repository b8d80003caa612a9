// Chat `/`: sessions on the side, the session's runs as a conversation, the
// live run streaming token by token with its tool calls inline, approvals,
// Stop, and a composer (Enter sends, Shift+Enter is a new line).
import { KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { ApiError } from "../api/client";
import type { ApproveBody, JsonObject, Run } from "../api/types";
import { TERMINAL_STATUSES } from "../api/types";
import { useApp, useAsync } from "../app-context";
import { Empty, ErrorView, InlineError, Loading } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { ToolCallCard } from "../components/ToolCallCard";
import { formatCost, formatDuration, formatTime, newSessionKey } from "../lib/format";
import { buildTranscript } from "../lib/trace";
import { useRunEvents } from "../lib/useRunEvents";
import { Link, navigate, useLocation } from "../router";

const lastSessionKey = "openintern.console.session";
const agentOptionsKey = "openintern.console.agent";

interface SessionSummary {
    key: string;
    lastInput: string;
    lastAt: string;
    runs: number;
}

function sessionsFrom(runs: Run[]): SessionSummary[] {
    const map = new Map<string, SessionSummary>();
    for (const run of runs) {
        const s = map.get(run.session_key);
        if (!s) map.set(run.session_key, { key: run.session_key, lastInput: run.input, lastAt: run.created_at, runs: 1 });
        else s.runs += 1;
    }
    return [...map.values()].sort((a, b) => (a.lastAt < b.lastAt ? 1 : -1));
}

function readStored(key: string): string {
    try {
        return window.localStorage.getItem(key) ?? "";
    } catch {
        return "";
    }
}

function store(key: string, value: string) {
    try {
        window.localStorage.setItem(key, value);
    } catch {
        // Not kept; fine.
    }
}

export function ChatPage() {
    const { search } = useLocation();
    const fromURL = search.get("session");
    const [fallback] = useState(() => readStored(lastSessionKey) || "s_default");
    const session = fromURL ?? fallback;
    useEffect(() => store(lastSessionKey, session), [session]);

    const recent = useAsync((c, signal) => c.request<{ runs: Run[] }>("GET", "/runs", { query: { limit: 100 }, signal }), []);
    const sessions = useMemo(() => {
        const list = sessionsFrom(recent.data?.runs ?? []);
        if (!list.some((s) => s.key === session)) list.unshift({ key: session, lastInput: "", lastAt: "", runs: 0 });
        return list;
    }, [recent.data, session]);

    const choose = (key: string) => navigate(`/?session=${encodeURIComponent(key)}`);

    return (
        <div className="chat-layout">
            <aside className="sessions" aria-label="Sessions">
                <div className="sessions-head">
                    <h2>Sessions</h2>
                    <button type="button" onClick={() => choose(newSessionKey())}>New session</button>
                </div>
                <label className="visually-hidden" htmlFor="session-select">Session</label>
                <select id="session-select" className="session-select" value={session} onChange={(e) => choose(e.target.value)}>
                    {sessions.map((s) => <option key={s.key} value={s.key}>{s.key}</option>)}
                </select>
                {recent.error ? <InlineError error={recent.error} /> : (
                    <ul className="session-list">
                        {sessions.map((s) => (
                            <li key={s.key}>
                                <button type="button" className={`session-item ${s.key === session ? "active" : ""}`} aria-current={s.key === session ? "page" : undefined} onClick={() => choose(s.key)}>
                                    <span className="session-key">{s.key}</span>
                                    <span className="session-preview">{s.lastInput || "new session"}</span>
                                    {s.runs > 0 && <span className="session-meta">{s.runs} run{s.runs === 1 ? "" : "s"} · {formatTime(s.lastAt)}</span>}
                                </button>
                            </li>
                        ))}
                    </ul>
                )}
            </aside>
            <Conversation key={session} session={session} onRunCreated={recent.reload} />
        </div>
    );
}

function Conversation({ session, onRunCreated }: { session: string; onRunCreated: () => void }) {
    const { client } = useApp();
    const history = useAsync((c) => c.sessionRuns(session, 1, 20), [session]);
    const [created, setCreated] = useState<Run[]>([]);
    const [statuses, setStatuses] = useState<Record<string, string>>({});
    const endRef = useRef<HTMLDivElement>(null);

    const runs = useMemo(() => {
        const stored = [...(history.data?.runs ?? [])].reverse();
        const seen = new Set(stored.map((r) => r.run_id));
        return [...stored, ...created.filter((r) => !seen.has(r.run_id))];
    }, [history.data, created]);
    const active = [...runs].reverse().find((r) => !TERMINAL_STATUSES.has(statuses[r.run_id] ?? r.status));
    const activeStatus = active ? statuses[active.run_id] ?? active.status : undefined;

    useEffect(() => {
        endRef.current?.scrollIntoView({ block: "end" });
    }, [runs.length]);

    const send = async (input: string, agent: JsonObject | undefined, attachments: string[]) => {
        const run = await client.createRun({
            input, session_key: session, ...(agent ? { agent } : {}),
            ...(attachments.length > 0 ? { attachments: attachments.map((upload_id) => ({ upload_id })) } : {}),
        });
        setCreated((c) => [...c, run]);
        onRunCreated();
    };

    return (
        <section className="conversation" aria-label={`Conversation ${session}`}>
            <header className="conversation-head">
                <h1>{session}</h1>
                <Link to={`/runs?session=${encodeURIComponent(session)}`}>All runs of this session</Link>
            </header>
            <div className="thread" aria-live="polite">
                {history.loading && !history.data ? <Loading label="Loading the conversation…" />
                    : history.error && !(history.error instanceof ApiError && history.error.status === 404) ? <ErrorView error={history.error} onRetry={history.reload} what="The conversation" />
                    : runs.length === 0 ? <Empty title="No messages yet">Ask the agent something below. Each message starts a run in this session.</Empty>
                    : (
                        <>
                            {history.data && history.data.total > history.data.runs.length && (
                                <p className="muted center">{history.data.total - history.data.runs.length} earlier runs are not shown — <Link to={`/runs?session=${encodeURIComponent(session)}`}>see them all</Link>.</p>
                            )}
                            {runs.map((run) => (
                                <RunTurn key={run.run_id} run={run} onStatus={(s) => setStatuses((m) => (m[run.run_id] === s ? m : { ...m, [run.run_id]: s }))} />
                            ))}
                        </>
                    )}
                <div ref={endRef} />
            </div>
            <Composer session={session} active={active} activeStatus={activeStatus} onSend={send} />
        </section>
    );
}

function RunTurn({ run, onStatus }: { run: Run; onStatus: (status: string) => void }) {
    const { client } = useApp();
    const { events, loading, error, stream } = useRunEvents(run.run_id);
    const transcript = useMemo(() => buildTranscript(events), [events]);
    const status = events.length > 0 && transcript.status !== "pending" ? transcript.status : run.status;
    useEffect(() => onStatus(status), [status, onStatus]);
    const live = !TERMINAL_STATUSES.has(status);
    const texts = transcript.items.filter((i) => i.kind === "text");
    const lastText = texts.length > 0 ? texts[texts.length - 1] : undefined;
    const finalText = transcript.output ?? run.output ?? undefined;
    const showOutput = status === "completed" && finalText !== undefined && (lastText === undefined || lastText.kind !== "text" || lastText.text.trim() !== finalText.trim());

    const decide = async (body: ApproveBody) => {
        await client.approve(run.run_id, body);
    };

    return (
        <article className="turn" data-run-id={run.run_id} aria-label={`Run ${run.run_id}`}>
            <div className="bubble user">
                <p className="bubble-text">{run.input}</p>
            </div>
            <div className={`bubble assistant ${live ? "live" : ""}`}>
                <div className="turn-meta">
                    <StatusBadge status={status} />
                    <Link to={`/trace/${encodeURIComponent(run.run_id)}`}>trace</Link>
                    {run.duration_ms !== undefined && run.duration_ms !== null && <span>{formatDuration(run.duration_ms)}</span>}
                    {run.cost_usd !== undefined && <span>{formatCost(run.cost_usd)}</span>}
                    {live && stream === "reconnecting" && <span className="warn">reconnecting…</span>}
                </div>
                {loading && events.length === 0 && <Loading label="Loading the answer…" />}
                {error && <InlineError error={error} />}
                {transcript.items.map((item, index) => {
                    if (item.kind === "text") {
                        const streaming = status === "running" && item === transcript.items[transcript.items.length - 1];
                        return <p key={`t-${item.step}-${index}`} className={`bubble-text ${streaming ? "streaming" : ""}`}>{item.text}</p>;
                    }
                    if (item.kind === "tool") return <ToolCallCard key={`c-${item.callID}`} call={item} onDecide={decide} />;
                    return <p key={`n-${index}`} className={`notice notice-${item.tone}`}>{item.text}</p>;
                })}
                {showOutput && <p className="bubble-text final">{finalText}</p>}
                {!loading && events.length === 0 && !live && finalText === undefined && <p className="muted">No answer was recorded.</p>}
                {live && transcript.items.length === 0 && !loading && <p className="muted typing">Waiting for the agent…</p>}
            </div>
        </article>
    );
}

/** The adapter's limits: five files a run, 8 MiB each. */
const MAX_ATTACHMENTS = 5;
const MAX_UPLOAD_BYTES = 8 << 20;

function formatBytes(size: number): string {
    return size < 1024 ? `${size} B` : size < 1 << 20 ? `${(size / 1024).toFixed(1)} KiB` : `${(size / (1 << 20)).toFixed(1)} MiB`;
}

function Composer({ session, active, activeStatus, onSend }: {
    session: string;
    active: Run | undefined;
    activeStatus: string | undefined;
    onSend: (input: string, agent: JsonObject | undefined, attachments: string[]) => Promise<void>;
}) {
    const { client } = useApp();
    const [text, setText] = useState("");
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<Error | null>(null);
    const [agentText, setAgentText] = useState(() => readStored(agentOptionsKey));
    const [files, setFiles] = useState<File[]>([]);
    const inputRef = useRef<HTMLTextAreaElement>(null);
    const fileRef = useRef<HTMLInputElement>(null);

    const attach = (chosen: FileList | null) => {
        const added = Array.from(chosen ?? []);
        const tooBig = added.find((f) => f.size > MAX_UPLOAD_BYTES);
        if (tooBig) setError(new Error(`${tooBig.name} is larger than 8 MiB.`));
        setFiles((current) => [...current, ...added.filter((f) => f.size > 0 && f.size <= MAX_UPLOAD_BYTES)].slice(0, MAX_ATTACHMENTS));
        if (fileRef.current) fileRef.current.value = "";
    };

    const agent = (): JsonObject | undefined => {
        if (!agentText.trim()) return undefined;
        const parsed: unknown = JSON.parse(agentText);
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("Agent options must be a JSON object.");
        return parsed as JsonObject;
    };

    const submit = async () => {
        const input = text.trim();
        if (!input || busy) return;
        setBusy(true);
        setError(null);
        try {
            const options = agent();
            // Each file is uploaded first; the run takes their ids.
            const uploaded: string[] = [];
            for (const file of files) uploaded.push((await client.upload(file)).upload_id);
            await onSend(input, options, uploaded);
            setText("");
            setFiles([]);
        } catch (e) {
            setError(e instanceof Error ? e : new Error(String(e)));
        } finally {
            setBusy(false);
            inputRef.current?.focus();
        }
    };

    const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
        if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void submit();
        }
    };

    const stop = async () => {
        if (!active) return;
        setError(null);
        try {
            await client.cancelRun(active.run_id);
        } catch (e) {
            setError(e instanceof Error ? e : new Error(String(e)));
        }
    };

    const inject = async () => {
        const message = text.trim();
        if (!active || !message) return;
        setError(null);
        try {
            await client.inject(active.run_id, message);
            setText("");
        } catch (e) {
            if (e instanceof ApiError && (e.status === 404 || e.status === 405) && e.code !== "NOT_FOUND") {
                setError(new Error("This adapter cannot add messages to a running run yet (no /inject route)."));
            } else setError(e instanceof Error ? e : new Error(String(e)));
        }
    };

    return (
        <form className="composer" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
            <label htmlFor="composer-input" className="visually-hidden">Message</label>
            <textarea id="composer-input" ref={inputRef} rows={3} value={text} placeholder={`Message ${session} — Enter sends, Shift+Enter for a new line`}
                onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} />
            {files.length > 0 && (
                <ul className="attachments" aria-label="Attached files">
                    {files.map((file, index) => (
                        <li key={`${file.name}-${index}`} className="attachment">
                            <span>{file.name}</span> <span className="muted small">{formatBytes(file.size)}</span>
                            <button type="button" className="linkish" aria-label={`Remove ${file.name}`}
                                onClick={() => setFiles((current) => current.filter((_, i) => i !== index))}>×</button>
                        </li>
                    ))}
                </ul>
            )}
            <div className="composer-actions">
                <label className="attach">
                    <span>Attach files</span>
                    <input ref={fileRef} type="file" multiple disabled={busy || files.length >= MAX_ATTACHMENTS} onChange={(e) => attach(e.target.files)} />
                </label>
                <details className="run-options">
                    <summary>Run options</summary>
                    <label htmlFor="agent-options">Agent (JSON: provider, model, tools, skills, script…)</label>
                    <textarea id="agent-options" className="mono" rows={4} spellCheck={false} value={agentText} placeholder='{"tools": ["file_list"]}'
                        onChange={(e) => { setAgentText(e.target.value); store(agentOptionsKey, e.target.value); }} />
                </details>
                <div className="row">
                    {active && (
                        <>
                            <span className="muted small">{activeStatus === "waiting_approval" ? "waiting for your approval" : activeStatus === "waiting_children" ? "waiting for its sub-agents" : activeStatus === "pending" ? "queued" : "running"}</span>
                            {activeStatus === "running" && text.trim() && <button type="button" className="secondary" onClick={() => void inject()}>Add to running run</button>}
                            <button type="button" className="danger" onClick={() => void stop()}>Stop</button>
                        </>
                    )}
                    <button type="submit" disabled={busy || !text.trim()}>{busy ? "Sending…" : "Send"}</button>
                </div>
            </div>
            <InlineError error={error} />
        </form>
    );
}
