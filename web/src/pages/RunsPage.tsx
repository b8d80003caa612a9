// Runs `/runs`: the scope's runs, filtered by status, session and date, page
// by page; status, duration, steps, tokens and cost; statuses update live.
import { FormEvent, useEffect, useRef, useState } from "react";
import type { EventPage, Run, RunList } from "../api/types";
import { RUN_STATUSES, TERMINAL_STATUSES } from "../api/types";
import { followScope } from "../api/sse";
import { useApp, useAsync } from "../app-context";
import { Empty, ErrorView, Loading } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { formatCost, formatDuration, formatTime, formatTokens, shortID } from "../lib/format";
import { Link, navigate, useLocation } from "../router";

const PAGE = 25;

/**
 * Steps per run: no run view carries a step count yet, but a finished run's
 * last event does (`steps`). Read once per finished run (four at a time) and
 * kept: it never changes. A run view that carries `steps` wins.
 */
const stepsCache = new Map<string, number | null>();

function useSteps(runs: Run[]): Record<string, number | null> {
    const { client } = useApp();
    const [steps, setSteps] = useState<Record<string, number | null>>({});
    useEffect(() => {
        const wanted = runs.filter((r) => r.steps === undefined && TERMINAL_STATUSES.has(r.status) && !stepsCache.has(r.run_id)).map((r) => r.run_id);
        const known = () => Object.fromEntries(runs.filter((r) => stepsCache.has(r.run_id)).map((r) => [r.run_id, stepsCache.get(r.run_id) ?? null]));
        setSteps(known());
        if (wanted.length === 0) return;
        const controller = new AbortController();
        const next = async (): Promise<void> => {
            const id = wanted.shift();
            if (!id || controller.signal.aborted) return;
            try {
                const page = await client.request<EventPage>("GET", `/runs/${encodeURIComponent(id)}/events`, {
                    query: { type: ["run.completed", "run.failed", "run.cancelled"], limit: 5 }, signal: controller.signal,
                });
                const last = page.events[page.events.length - 1];
                const value = last?.payload.steps;
                stepsCache.set(id, typeof value === "number" ? value : null);
                if (!controller.signal.aborted) setSteps(known());
            } catch {
                // Shown as unknown; tried again on the next load.
            }
            return next();
        };
        void Promise.all([next(), next(), next(), next()]);
        return () => controller.abort();
    }, [client, runs]);
    return steps;
}

/** A date input's value (local day) as the start of that day, or of the next one. */
function dayBound(day: string, next: boolean): string | undefined {
    if (!day) return undefined;
    const date = new Date(`${day}T00:00:00`);
    if (Number.isNaN(date.getTime())) return undefined;
    if (next) date.setDate(date.getDate() + 1);
    return date.toISOString();
}

const noRuns: Run[] = [];

export function RunsPage() {
    const { profile } = useApp();
    const { search } = useLocation();
    const status = search.get("status") ?? "";
    const session = search.get("session") ?? "";
    const from = search.get("from") ?? "";
    const to = search.get("to") ?? "";
    const [cursors, setCursors] = useState<(string | null)[]>([null]);
    const cursor = cursors[cursors.length - 1];
    const list = useAsync((c, signal) => c.request<RunList>("GET", "/runs", {
        query: { status: status ? [status] : undefined, session_key: session || undefined, created_from: dayBound(from, false), created_before: dayBound(to, true), limit: PAGE, cursor },
        signal,
    }), [status, session, from, to, cursor]);
    useEffect(() => setCursors([null]), [status, session, from, to]);

    // Live: a run's events move its row's status; a run we do not list yet reloads the first page.
    const [live, setLive] = useState<Record<string, Partial<Run>>>({});
    const reloadRef = useRef(list.reload);
    reloadRef.current = list.reload;
    const knownRef = useRef(new Set<string>());
    knownRef.current = new Set((list.data?.runs ?? []).map((r) => r.run_id));
    const onFirstPage = cursors.length === 1;
    useEffect(() => {
        let timer: number | undefined;
        const stop = followScope(profile, session || null, {
            onEvent: (event) => {
                const next: Partial<Run> | undefined =
                    event.type === "run.started" || event.type === "run.resumed" ? { status: "running" }
                    : event.type === "run.waiting" || event.type === "tool.requires_approval" ? { status: "waiting_approval" }
                    : event.type === "run.delegated" ? { status: "waiting_children" }
                    : event.type === "tool.approved" || event.type === "tool.denied" ? { status: "running" }
                    : event.type === "run.completed" ? { status: "completed", duration_ms: typeof event.payload.duration_ms === "number" ? event.payload.duration_ms : undefined }
                    : event.type === "run.failed" ? { status: "failed" }
                    : event.type === "run.cancelled" ? { status: "cancelled" }
                    : undefined;
                if (!next) return;
                if (knownRef.current.has(event.run_id)) {
                    setLive((m) => ({ ...m, [event.run_id]: { ...m[event.run_id], ...next } }));
                    if (event.type === "run.completed" || event.type === "run.failed" || event.type === "run.cancelled") {
                        window.clearTimeout(timer);
                        timer = window.setTimeout(() => reloadRef.current(), 400);
                    }
                } else if (onFirstPage && event.type === "run.started") {
                    window.clearTimeout(timer);
                    timer = window.setTimeout(() => reloadRef.current(), 400);
                }
            },
        });
        return () => {
            window.clearTimeout(timer);
            stop();
        };
    }, [profile, session, onFirstPage]);
    useEffect(() => setLive({}), [list.data]);
    const steps = useSteps(list.data?.runs ?? noRuns);

    const setFilter = (changes: Record<string, string>) => {
        const params = new URLSearchParams(search);
        for (const [k, v] of Object.entries(changes)) {
            if (v) params.set(k, v);
            else params.delete(k);
        }
        const text = params.toString();
        navigate(`/runs${text ? `?${text}` : ""}`, { replace: true });
    };

    return (
        <div className="page">
            <header className="page-head">
                <h1>Runs</h1>
            </header>
            <Filters status={status} session={session} from={from} to={to} onChange={setFilter} />
            {list.loading && !list.data ? <Loading label="Loading runs…" />
                : list.error ? <ErrorView error={list.error} onRetry={list.reload} what="Runs" />
                : !list.data || list.data.runs.length === 0 ? (
                    <Empty title={status || session || from || to ? "No runs match these filters" : "No runs yet"}>
                        {status || session || from || to ? <button type="button" className="secondary" onClick={() => setFilter({ status: "", session: "", from: "", to: "" })}>Clear filters</button>
                            : <p>Start one from <Link to="/">Chat</Link>.</p>}
                    </Empty>
                ) : (
                    <>
                        <div className="table-wrap">
                            <table className="runs-table">
                                <caption className="visually-hidden">Runs, newest first</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">Run</th>
                                        <th scope="col">Status</th>
                                        <th scope="col">Session</th>
                                        <th scope="col">Input</th>
                                        <th scope="col">Created</th>
                                        <th scope="col" className="num">Duration</th>
                                        <th scope="col" className="num">Steps</th>
                                        <th scope="col" className="num">Tool calls</th>
                                        <th scope="col" className="num">Tokens in / out</th>
                                        <th scope="col" className="num">Cost</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.data.runs.map((stored) => {
                                        const run = { ...stored, ...live[stored.run_id] };
                                        return (
                                            <tr key={run.run_id} data-run-id={run.run_id}>
                                                <td className="nowrap"><Link to={`/trace/${encodeURIComponent(run.run_id)}`} title={run.run_id}>{shortID(run.run_id)}</Link></td>
                                                <td><StatusBadge status={run.status} /></td>
                                                <td className="ellipsis narrow"><button type="button" className="linkish" title={run.session_key} onClick={() => setFilter({ session: run.session_key })}>{run.session_key}</button></td>
                                                <td className="ellipsis" title={run.input}>{run.input}</td>
                                                <td className="nowrap"><time dateTime={run.created_at}>{formatTime(run.created_at)}</time></td>
                                                <td className="num">{formatDuration(run.duration_ms)}</td>
                                                <td className="num">{run.steps ?? steps[run.run_id] ?? "—"}</td>
                                                <td className="num">{run.tool_call_count}</td>
                                                <td className="num">{formatTokens(run.usage?.input_tokens)} / {formatTokens(run.usage?.output_tokens)}{run.usage?.estimated ? "*" : ""}</td>
                                                <td className="num">{formatCost(run.cost_usd)}</td>
                                            </tr>
                                        );
                                    })}
                                </tbody>
                            </table>
                        </div>
                        <nav className="pager" aria-label="Pages">
                            <button type="button" className="secondary" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>Newer</button>
                            <span className="muted">page {cursors.length}</span>
                            <button type="button" className="secondary" disabled={!list.data.next_cursor} onClick={() => setCursors([...cursors, list.data?.next_cursor ?? null])}>Older</button>
                        </nav>
                    </>
                )}
        </div>
    );
}

function Filters({ status, session, from, to, onChange }: { status: string; session: string; from: string; to: string; onChange: (changes: Record<string, string>) => void }) {
    const [sessionText, setSessionText] = useState(session);
    useEffect(() => setSessionText(session), [session]);
    const submit = (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        onChange({ session: sessionText.trim() });
    };
    return (
        <form className="filters" onSubmit={submit} aria-label="Filters">
            <div className="field">
                <label htmlFor="f-status">Status</label>
                <select id="f-status" value={status} onChange={(e) => onChange({ status: e.target.value })}>
                    <option value="">any</option>
                    {RUN_STATUSES.map((s) => <option key={s} value={s}>{s.replace("_", " ")}</option>)}
                </select>
            </div>
            <div className="field">
                <label htmlFor="f-session">Session</label>
                <input id="f-session" type="search" placeholder="s_…" value={sessionText} onChange={(e) => setSessionText(e.target.value)}
                    onBlur={() => sessionText.trim() !== session && onChange({ session: sessionText.trim() })} />
            </div>
            <div className="field">
                <label htmlFor="f-from">From</label>
                <input id="f-from" type="date" value={from} onChange={(e) => onChange({ from: e.target.value })} />
            </div>
            <div className="field">
                <label htmlFor="f-to">To</label>
                <input id="f-to" type="date" value={to} onChange={(e) => onChange({ to: e.target.value })} />
            </div>
        </form>
    );
}
