// Trace `/trace/:runId`: the run's summary, its waterfall, the team's
// messages as a conversation, and every event expandable to its JSON; a live
// run keeps streaming (resuming with Last-Event-ID); export as JSON.
import { useEffect, useMemo, useRef, useState } from "react";
import type { Run } from "../api/types";
import { TERMINAL_STATUSES } from "../api/types";
import { useApp, useAsync } from "../app-context";
import { ErrorView, InlineError, Loading } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { EventJSON, Waterfall } from "../components/Waterfall";
import { formatCost, formatDuration, formatTime, formatTokens } from "../lib/format";
import { buildTeamConversation, buildTimeline, buildTranscript, TeamMessage } from "../lib/trace";
import { useRunEvents } from "../lib/useRunEvents";
import { Link } from "../router";

export function TracePage({ runId }: { runId: string }) {
    const run = useAsync((c) => c.getRun(runId), [runId]);
    if (run.loading && !run.data) return <div className="page"><Loading label="Loading the run…" /></div>;
    if (run.error || !run.data) return <div className="page"><h1>Trace</h1><ErrorView error={run.error ?? new Error("No run")} onRetry={run.reload} what={`Run ${runId}`} /></div>;
    return <Trace run={run.data} reload={run.reload} />;
}

function Trace({ run, reload }: { run: Run; reload: () => void }) {
    const { client } = useApp();
    const [showTokens, setShowTokens] = useState(false);
    const { events, loading, error, stream } = useRunEvents(run.run_id, { includeTokens: true });
    const transcript = useMemo(() => buildTranscript(events), [events]);
    const status = events.length > 0 && transcript.status !== "pending" ? transcript.status : run.status;
    const live = !TERMINAL_STATUSES.has(status);
    const [now, setNow] = useState(Date.now());
    useEffect(() => {
        if (!live) return;
        const timer = window.setInterval(() => setNow(Date.now()), 500);
        return () => window.clearInterval(timer);
    }, [live]);
    const timeline = useMemo(() => buildTimeline(events, live ? now : undefined), [events, live, now]);
    const team = useMemo(() => buildTeamConversation(events), [events]);
    const roles = useAsync((c) => c.roles(), []);
    const roleNames = useMemo(() => new Map((roles.data?.roles ?? []).map((r) => [r.id, r.name])), [roles.data]);
    const [filter, setFilter] = useState("");
    const shown = events.filter((e) => (showTokens || e.type !== "llm.token") && (!filter || e.type.startsWith(filter)));
    const tokenCount = events.filter((e) => e.type === "llm.token").length;
    const types = useMemo(() => [...new Set(events.map((e) => e.type.split(".")[0]))].sort(), [events]);
    const [actionError, setActionError] = useState<Error | null>(null);
    const wasLive = useRef(live);
    useEffect(() => {
        // Refresh the summary (duration, usage, cost) once a live run ends.
        if (wasLive.current && !live) reload();
        wasLive.current = live;
    }, [live, reload]);

    const exportJSON = async () => {
        setActionError(null);
        try {
            const doc = await client.exportRun(run.run_id);
            const blob = new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" });
            const url = URL.createObjectURL(blob);
            const a = document.createElement("a");
            a.href = url;
            a.download = `${run.run_id}.json`;
            document.body.appendChild(a);
            a.click();
            a.remove();
            window.setTimeout(() => URL.revokeObjectURL(url), 1000);
        } catch (e) {
            setActionError(e instanceof Error ? e : new Error(String(e)));
        }
    };
    const cancel = async () => {
        setActionError(null);
        try {
            await client.cancelRun(run.run_id);
        } catch (e) {
            setActionError(e instanceof Error ? e : new Error(String(e)));
        }
    };

    const usage = run.usage;
    return (
        <div className="page trace">
            <header className="page-head">
                <h1>Trace <code className="run-id">{run.run_id}</code></h1>
                <div className="row">
                    {live && <span className={`stream-state s-${stream}`} role="status">{stream === "live" ? "● live" : stream === "reconnecting" ? "reconnecting…" : stream === "connecting" ? "connecting…" : ""}</span>}
                    {live && <button type="button" className="danger" onClick={() => void cancel()}>Cancel run</button>}
                    <button type="button" className="secondary" onClick={() => void exportJSON()}>Export JSON</button>
                </div>
            </header>
            <InlineError error={actionError} />
            <dl className="summary">
                <div><dt>Status</dt><dd><StatusBadge status={status} />{run.stop_reason ? <span className="muted"> {run.stop_reason}</span> : null}</dd></div>
                <div><dt>Session</dt><dd><Link to={`/?session=${encodeURIComponent(run.session_key)}`}>{run.session_key}</Link></dd></div>
                <div><dt>Agent</dt><dd>{run.agent_id ?? "main"}{run.model ? ` · ${run.model}` : ""}</dd></div>
                <div><dt>Created</dt><dd><time dateTime={run.created_at}>{formatTime(run.created_at)}</time></dd></div>
                <div><dt>Duration</dt><dd>{live ? formatDuration(timeline.end - timeline.start) : formatDuration(run.duration_ms)}</dd></div>
                <div><dt>Tokens in / out</dt><dd>{formatTokens(usage?.input_tokens)} / {formatTokens(usage?.output_tokens)}{usage?.estimated ? " (estimated)" : ""}</dd></div>
                <div><dt>Cost</dt><dd>{formatCost(run.cost_usd)}</dd></div>
                <div><dt>Tool calls</dt><dd>{run.tool_call_count}</dd></div>
                {run.group_id && <div><dt>Group</dt><dd><Link to={`/blackboard/${encodeURIComponent(run.group_id)}`}>{run.group_id}</Link></dd></div>}
                {run.parent_run_id && <div><dt>Parent run</dt><dd><Link to={`/trace/${encodeURIComponent(run.parent_run_id)}`}>{run.parent_run_id}</Link></dd></div>}
            </dl>
            <section className="card">
                <h2>Input</h2>
                <p className="pre-wrap">{run.input}</p>
                {(transcript.output ?? run.output) && (<><h2>Output</h2><p className="pre-wrap">{transcript.output ?? run.output}</p></>)}
                {(transcript.error ?? run.error?.message) && <p className="notice notice-error">{transcript.error ?? run.error?.message}</p>}
            </section>
            <section className="card" aria-labelledby="timeline-title">
                <h2 id="timeline-title">Timeline</h2>
                {loading && events.length === 0 ? <Loading label="Loading events…" /> : error ? <ErrorView error={error} what="Events" /> : <Waterfall timeline={timeline} live={live} />}
            </section>
            {team.length > 0 && (
                <section className="card" aria-labelledby="team-title">
                    <h2 id="team-title">Team conversation</h2>
                    <TeamConversation messages={team} roleNames={roleNames} />
                </section>
            )}
            <section className="card" aria-labelledby="events-title">
                <div className="row spread">
                    <h2 id="events-title">Events ({events.length})</h2>
                    <div className="row">
                        <label htmlFor="ev-filter" className="small">Type</label>
                        <select id="ev-filter" value={filter} onChange={(e) => setFilter(e.target.value)}>
                            <option value="">all</option>
                            {types.map((t) => <option key={t} value={`${t}.`}>{t}.*</option>)}
                        </select>
                        <label className="check small"><input type="checkbox" checked={showTokens} onChange={(e) => setShowTokens(e.target.checked)} /> tokens ({tokenCount})</label>
                    </div>
                </div>
                <div className="events">
                    {shown.map((event, i) => <EventJSON key={event.id ?? `${event.seq}-${i}`} event={event} />)}
                </div>
            </section>
        </div>
    );
}

export function TeamConversation({ messages, roleNames }: { messages: TeamMessage[]; roleNames?: ReadonlyMap<string, string> }) {
    const name = (id: string | undefined) => (id ? roleNames?.get(id) ?? id : "orchestrator");
    return (
        <ol className="team-conversation">
            {messages.map((m) => (
                <li key={m.key} className={`team-msg msg-${m.kind}`}>
                    <div className="team-msg-head">
                        <span className="team-role">{m.kind === "task" ? "orchestrator" : name(m.roleID)}</span>
                        {m.kind === "task" && m.toRoleID && <span className="muted">→ {name(m.toRoleID)}</span>}
                        <span className={`team-kind k-${m.kind}`}>{m.title}</span>
                        <time className="muted" dateTime={m.ts}>{formatTime(m.ts)}</time>
                    </div>
                    {m.body && <p className="pre-wrap">{m.body}</p>}
                    {m.list?.filter((l) => l.values.length > 0).map((l) => (
                        <div key={l.label} className="team-list">
                            <span className="muted small">{l.label}:</span>
                            <ul>{l.values.map((v, i) => <li key={i}>{v}</li>)}</ul>
                        </div>
                    ))}
                </li>
            ))}
        </ol>
    );
}
