// The trace as a picture: one row per span (the run, its steps, model calls,
// tool calls, waits for approval) as bars on a shared time axis, instant
// events as ticks on the run's row. A row opens to its events' JSON.
import { useState } from "react";
import type { RunEvent } from "../api/types";
import { formatDuration } from "../lib/format";
import { Span, Timeline } from "../lib/trace";
import { JsonView } from "./JsonView";

function ticks(total: number): number[] {
    const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000];
    const step = steps.find((s) => total / s <= 6) ?? 600_000;
    const out: number[] = [];
    for (let t = 0; t <= total; t += step) out.push(t);
    return out;
}

export function Waterfall({ timeline, live }: { timeline: Timeline; live: boolean }) {
    const [openKey, setOpenKey] = useState<string | null>(null);
    const total = Math.max(timeline.end - timeline.start, 1);
    const pct = (t: number) => `${(((t - timeline.start) / total) * 100).toFixed(3)}%`;
    const width = (s: Span) => `${Math.max(((s.end - s.start) / total) * 100, 0.4).toFixed(3)}%`;
    if (timeline.spans.length === 0) return <p className="muted">No events yet.</p>;
    return (
        <div className="waterfall" role="table" aria-label="Timeline of the run">
            <div className="wf-row wf-axis" role="row">
                <div className="wf-label" role="columnheader">span</div>
                <div className="wf-track" role="columnheader" aria-label="time">
                    {ticks(total).map((t) => (
                        <span key={t} className="wf-tick" style={{ left: `${(t / total) * 100}%` }}>{formatDuration(t)}</span>
                    ))}
                </div>
                <div className="wf-dur" role="columnheader">duration</div>
            </div>
            {timeline.spans.map((span) => {
                const open = openKey === span.key;
                return (
                    <div key={span.key} className={`wf-group ${open ? "open" : ""}`} role="rowgroup">
                        <div className={`wf-row kind-${span.kind}`} role="row" data-span-kind={span.kind}>
                            <div className="wf-label" role="cell" style={{ paddingLeft: `${span.depth * 14 + 4}px` }}>
                                <button type="button" className="wf-toggle" aria-expanded={open} onClick={() => setOpenKey(open ? null : span.key)}
                                    title={span.detail ? `${span.label} — ${span.detail}` : span.label}>
                                    <span className={`wf-kind kind-${span.kind}`}>{span.kind}</span> {span.label}
                                </button>
                            </div>
                            <div className="wf-track" role="cell">
                                <div className={`wf-bar kind-${span.kind} ${span.state ? `st-${span.state}` : ""} ${span.open ? "wf-open" : ""}`}
                                    style={{ left: pct(span.start), width: width(span) }} title={`${span.label}: ${formatDuration(span.end - span.start)}`} />
                                {span.kind === "run" && timeline.markers.map((m) => (
                                    <span key={m.key} className={`wf-marker mk-${m.type.split(".")[0]}`} style={{ left: pct(m.at) }} title={`${m.label} at +${formatDuration(m.at - timeline.start)}`} />
                                ))}
                            </div>
                            <div className="wf-dur" role="cell">{span.open && live ? "…" : formatDuration(span.end - span.start)}</div>
                        </div>
                        {open && (
                            <div className="wf-detail">
                                {span.detail && <p className="muted">{span.detail}</p>}
                                {span.events.map((event) => <EventJSON key={event.id ?? `${event.seq}`} event={event} defaultOpen={true} />)}
                            </div>
                        )}
                    </div>
                );
            })}
            <div className="wf-legend" aria-hidden={true}>
                <span><i className="kind-step" />step</span>
                <span><i className="kind-model" />model call</span>
                <span><i className="kind-tool" />tool call</span>
                <span><i className="kind-approval" />waiting for approval</span>
                <span><i className="mk" />other event</span>
            </div>
        </div>
    );
}

export function EventJSON({ event, defaultOpen = false }: { event: RunEvent; defaultOpen?: boolean }) {
    return (
        <details className="event" open={defaultOpen}>
            <summary>
                <span className="event-seq">#{event.seq ?? "–"}</span>
                <span className="event-type">{event.type}</span>
                {event.step !== undefined && <span className="muted">step {event.step}</span>}
                {event.role_id && <span className="muted">{event.role_id}</span>}
                <time className="muted" dateTime={event.ts}>{event.ts.slice(11, 23)}</time>
            </summary>
            <JsonView value={event} label={`Event ${event.seq ?? ""} ${event.type}`} />
        </details>
    );
}
