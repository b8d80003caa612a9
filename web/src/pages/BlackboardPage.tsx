// Blackboard `/blackboard/:groupId`: a group's entries grouped by what they
// are (decisions, proposals, evidence, to-dos, notes), refreshed live when
// the group's runs post messages.
import { useEffect, useMemo, useRef } from "react";
import type { BlackboardMemory } from "../api/types";
import { followScope } from "../api/sse";
import { useApp, useAsync } from "../app-context";
import { Empty, ErrorView, Loading } from "../components/States";
import { formatTime, shortID } from "../lib/format";
import { Link, navigate } from "../router";

const order = ["decision", "proposal", "evidence", "todo", "note"];
const titles: Record<string, string> = { decision: "Decisions", proposal: "Proposals", evidence: "Evidence", todo: "To do", note: "Notes" };

function kindOf(entry: BlackboardMemory): string {
    const kind = entry.metadata["type"];
    return typeof kind === "string" ? kind : entry.type;
}

export function BlackboardIndex() {
    const groups = useAsync((c) => c.groups(), []);
    return (
        <div className="page">
            <header className="page-head"><h1>Blackboard</h1></header>
            {groups.loading && !groups.data ? <Loading label="Loading groups…" /> : groups.error ? <ErrorView error={groups.error} onRetry={groups.reload} what="Groups" />
                : (groups.data?.groups.length ?? 0) === 0 ? <Empty title="No groups yet"><p>Create one on the <Link to="/orchestrator">Team</Link> page.</p></Empty> : (
                    <ul className="item-list">
                        {groups.data?.groups.map((g) => (
                            <li key={g.id} className="item">
                                <Link to={`/blackboard/${encodeURIComponent(g.id)}`}><strong>{g.name}</strong></Link>
                                <span className="muted small">{g.description}</span>
                            </li>
                        ))}
                    </ul>
                )}
        </div>
    );
}

export function BlackboardPage({ groupId }: { groupId: string }) {
    const { profile } = useApp();
    const group = useAsync((c) => c.getGroup(groupId), [groupId]);
    const groups = useAsync((c) => c.groups(), []);
    const board = useAsync((c) => c.blackboard(groupId), [groupId]);
    const roles = useAsync((c) => c.roles(), []);
    const roleNames = useMemo(() => new Map((roles.data?.roles ?? []).map((r) => [r.id, r.name])), [roles.data]);
    const reload = useRef(board.reload);
    reload.current = board.reload;
    useEffect(() => {
        let timer: number | undefined;
        const stop = followScope(profile, null, {
            onEvent: (event) => {
                if (event.group_id !== groupId) return;
                if (!event.type.startsWith("message.") && !event.type.startsWith("run.")) return;
                window.clearTimeout(timer);
                timer = window.setTimeout(() => reload.current(), 300);
            },
        });
        return () => {
            window.clearTimeout(timer);
            stop();
        };
    }, [profile, groupId]);

    const sections = useMemo(() => {
        const byKind = new Map<string, BlackboardMemory[]>();
        for (const entry of board.data?.memories ?? []) {
            const kind = kindOf(entry);
            byKind.set(kind, [...(byKind.get(kind) ?? []), entry]);
        }
        const kinds = [...order.filter((k) => byKind.has(k)), ...[...byKind.keys()].filter((k) => !order.includes(k)).sort()];
        return kinds.map((k) => ({ kind: k, entries: byKind.get(k) ?? [] }));
    }, [board.data]);

    return (
        <div className="page">
            <header className="page-head">
                <h1>Blackboard{group.data ? `: ${group.data.name}` : ""}</h1>
                {groups.data && groups.data.groups.length > 1 && (
                    <div className="row">
                        <label htmlFor="bb-group" className="small">Group</label>
                        <select id="bb-group" value={groupId} onChange={(e) => navigate(`/blackboard/${encodeURIComponent(e.target.value)}`)}>
                            {groups.data.groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
                        </select>
                    </div>
                )}
            </header>
            {group.error ? <ErrorView error={group.error} onRetry={group.reload} what={`Group ${groupId}`} />
                : board.loading && !board.data ? <Loading label="Loading the blackboard…" />
                : board.error ? <ErrorView error={board.error} onRetry={board.reload} what="The blackboard" />
                : sections.length === 0 ? <Empty title="The blackboard is empty"><p>A group run writes its proposals, evidence and decision here. Start one on the <Link to={`/orchestrator?group=${encodeURIComponent(groupId)}`}>Team</Link> page.</p></Empty>
                : (
                    <div className="board">
                        {sections.map((section) => (
                            <section key={section.kind} className={`board-col kind-${section.kind}`} aria-labelledby={`bb-${section.kind}`}>
                                <h2 id={`bb-${section.kind}`}>{titles[section.kind] ?? section.kind} <span className="count">{section.entries.length}</span></h2>
                                <ul>
                                    {section.entries.map((entry) => (
                                        <li key={entry.id} className="board-card" data-kind={section.kind}>
                                            <p className="pre-wrap">{entry.text}</p>
                                            <p className="muted small">
                                                {entry.role_id ? `${roleNames.get(entry.role_id) ?? entry.role_id} · ` : ""}{formatTime(entry.created_at)}
                                                {entry.run_id && <> · <Link to={`/trace/${encodeURIComponent(entry.run_id)}`}>{shortID(entry.run_id)}</Link></>}
                                            </p>
                                        </li>
                                    ))}
                                </ul>
                            </section>
                        ))}
                    </div>
                )}
        </div>
    );
}
