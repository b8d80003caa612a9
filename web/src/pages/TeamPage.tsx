// Team `/orchestrator`: roles and groups (create, edit, delete), a group's
// members, and group runs: start one and follow it as it happens.
import { FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Group, GroupRunCreated, JsonObject, Role, RoleBody } from "../api/types";
import { TERMINAL_STATUSES } from "../api/types";
import { useApp, useAsync } from "../app-context";
import { Empty, ErrorView, InlineError, Loading } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { formatDuration, formatTime, shortID } from "../lib/format";
import { buildTeamConversation, buildTranscript } from "../lib/trace";
import { useRunEvents } from "../lib/useRunEvents";
import { Link, navigate, useLocation } from "../router";
import { TeamConversation } from "./TracePage";

const splitList = (text: string) => text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);

export function TeamPage() {
    const roles = useAsync((c) => c.roles(), []);
    const groups = useAsync((c) => c.groups(), []);
    const { search } = useLocation();
    const selected = search.get("group");
    const group = groups.data?.groups.find((g) => g.id === selected);
    return (
        <div className="page">
            <header className="page-head"><h1>Team</h1></header>
            <div className="team-grid">
                <section className="card" aria-labelledby="roles-title">
                    <h2 id="roles-title">Roles</h2>
                    {roles.loading && !roles.data ? <Loading label="Loading roles…" /> : roles.error ? <ErrorView error={roles.error} onRetry={roles.reload} what="Roles" /> : (
                        <RoleList roles={roles.data?.roles ?? []} onChange={roles.reload} />
                    )}
                </section>
                <section className="card" aria-labelledby="groups-title">
                    <h2 id="groups-title">Groups</h2>
                    {groups.loading && !groups.data ? <Loading label="Loading groups…" /> : groups.error ? <ErrorView error={groups.error} onRetry={groups.reload} what="Groups" /> : (
                        <GroupList groups={groups.data?.groups ?? []} selected={selected} onChange={groups.reload} />
                    )}
                </section>
            </div>
            {group && <GroupDetail key={group.id} group={group} roles={roles.data?.roles ?? []} onDeleted={() => { groups.reload(); navigate("/orchestrator"); }} />}
        </div>
    );
}

function RoleList({ roles, onChange }: { roles: Role[]; onChange: () => void }) {
    const { client } = useApp();
    const [editing, setEditing] = useState<Role | "new" | null>(null);
    const [error, setError] = useState<Error | null>(null);
    const remove = async (role: Role) => {
        if (!window.confirm(`Delete the role ${role.name}? It is removed from its groups too.`)) return;
        setError(null);
        try {
            await client.deleteRole(role.id, true);
            onChange();
        } catch (e) {
            setError(e instanceof Error ? e : new Error(String(e)));
        }
    };
    return (
        <>
            {roles.length === 0 ? <Empty title="No roles yet">A role is a prompt, the tools it may use and, optionally, its own model. A group needs a lead and at least one other member.</Empty> : (
                <ul className="item-list">
                    {roles.map((role) => (
                        <li key={role.id} className="item" data-role={role.name}>
                            <div className="item-main">
                                <strong>{role.name}</strong> {role.is_lead && <span className="badge lead">lead</span>}
                                <p className="muted small ellipsis">{role.description || role.system_prompt}</p>
                                {(role.allowed_tools.length > 0 || role.denied_tools.length > 0) && (
                                    <p className="small">{role.allowed_tools.length > 0 && <>allows {role.allowed_tools.join(", ")} </>}{role.denied_tools.length > 0 && <>denies {role.denied_tools.join(", ")}</>}</p>
                                )}
                            </div>
                            <div className="row">
                                <button type="button" className="secondary small" onClick={() => setEditing(role)} aria-label={`Edit role ${role.name}`}>Edit</button>
                                <button type="button" className="danger small" onClick={() => void remove(role)} aria-label={`Delete role ${role.name}`}>Delete</button>
                            </div>
                        </li>
                    ))}
                </ul>
            )}
            <InlineError error={error} />
            {editing ? <RoleForm role={editing === "new" ? null : editing} onDone={() => { setEditing(null); onChange(); }} onCancel={() => setEditing(null)} />
                : <button type="button" onClick={() => setEditing("new")}>New role</button>}
        </>
    );
}

function RoleForm({ role, onDone, onCancel }: { role: Role | null; onDone: () => void; onCancel: () => void }) {
    const { client } = useApp();
    const [name, setName] = useState(role?.name ?? "");
    const [description, setDescription] = useState(role?.description ?? "");
    const [prompt, setPrompt] = useState(role?.system_prompt ?? "");
    const [lead, setLead] = useState(role?.is_lead ?? false);
    const [allowed, setAllowed] = useState(role?.allowed_tools.join(", ") ?? "");
    const [denied, setDenied] = useState(role?.denied_tools.join(", ") ?? "");
    const [model, setModel] = useState(role?.model ? JSON.stringify(role.model, null, 2) : "");
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<Error | null>(null);
    const submit = async (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
            let parsedModel: JsonObject | null = null;
            if (model.trim()) {
                const value: unknown = JSON.parse(model);
                if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("The model must be a JSON object.");
                parsedModel = value as JsonObject;
            }
            const body: RoleBody = { name: name.trim(), description, system_prompt: prompt, is_lead: lead, allowed_tools: splitList(allowed), denied_tools: splitList(denied) };
            if (parsedModel || role?.model) body.model = parsedModel;
            if (role) await client.updateRole(role.id, body);
            else await client.createRole(body);
            onDone();
        } catch (err) {
            setError(err instanceof Error ? err : new Error(String(err)));
        } finally {
            setBusy(false);
        }
    };
    const id = role?.id ?? "new";
    return (
        <form className="stack form-card" onSubmit={(e) => void submit(e)} aria-label={role ? `Edit role ${role.name}` : "New role"}>
            <h3>{role ? `Edit ${role.name}` : "New role"}</h3>
            <label htmlFor={`role-name-${id}`}>Name</label>
            <input id={`role-name-${id}`} type="text" required={true} value={name} onChange={(e) => setName(e.target.value)} />
            <label htmlFor={`role-desc-${id}`}>Description</label>
            <input id={`role-desc-${id}`} type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
            <label htmlFor={`role-prompt-${id}`}>System prompt</label>
            <textarea id={`role-prompt-${id}`} rows={3} required={true} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
            <label className="check"><input type="checkbox" checked={lead} onChange={(e) => setLead(e.target.checked)} /> Lead (makes the group's decision)</label>
            <div className="grid2">
                <div className="stack">
                    <label htmlFor={`role-allow-${id}`}>Allowed tools</label>
                    <input id={`role-allow-${id}`} type="text" placeholder="file_list, memory_*" value={allowed} onChange={(e) => setAllowed(e.target.value)} />
                </div>
                <div className="stack">
                    <label htmlFor={`role-deny-${id}`}>Denied tools</label>
                    <input id={`role-deny-${id}`} type="text" value={denied} onChange={(e) => setDenied(e.target.value)} />
                </div>
            </div>
            <details>
                <summary>Model (optional JSON)</summary>
                <label htmlFor={`role-model-${id}`}>Model: provider, model, script…</label>
                <textarea id={`role-model-${id}`} className="mono" rows={4} spellCheck={false} value={model} placeholder='{"provider": "openai", "model": "gpt-4o"}' onChange={(e) => setModel(e.target.value)} />
            </details>
            <InlineError error={error} />
            <div className="row">
                <button type="submit" disabled={busy}>{role ? "Save role" : "Create role"}</button>
                <button type="button" className="secondary" onClick={onCancel}>Cancel</button>
            </div>
        </form>
    );
}

function GroupList({ groups, selected, onChange }: { groups: Group[]; selected: string | null; onChange: () => void }) {
    const { client } = useApp();
    const [name, setName] = useState("");
    const [description, setDescription] = useState("");
    const [error, setError] = useState<Error | null>(null);
    const create = async (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        setError(null);
        try {
            const group = await client.createGroup({ name: name.trim(), description });
            setName("");
            setDescription("");
            onChange();
            navigate(`/orchestrator?group=${encodeURIComponent(group.id)}`);
        } catch (err) {
            setError(err instanceof Error ? err : new Error(String(err)));
        }
    };
    return (
        <>
            {groups.length === 0 ? <Empty title="No groups yet">A group runs its roles in order, then its lead decides.</Empty> : (
                <ul className="item-list">
                    {groups.map((g) => (
                        <li key={g.id} className={`item ${g.id === selected ? "selected" : ""}`}>
                            <div className="item-main">
                                <Link to={`/orchestrator?group=${encodeURIComponent(g.id)}`} aria-current={g.id === selected ? "page" : undefined}><strong>{g.name}</strong></Link>
                                <p className="muted small">{g.description || shortID(g.id)}</p>
                            </div>
                            <Link to={`/blackboard/${encodeURIComponent(g.id)}`} className="small">blackboard</Link>
                        </li>
                    ))}
                </ul>
            )}
            <form className="stack form-card" onSubmit={(e) => void create(e)} aria-label="New group">
                <h3>New group</h3>
                <label htmlFor="group-name">Name</label>
                <input id="group-name" type="text" required={true} value={name} onChange={(e) => setName(e.target.value)} />
                <label htmlFor="group-desc">Description</label>
                <input id="group-desc" type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
                <InlineError error={error} />
                <div className="row"><button type="submit" disabled={!name.trim()}>Create group</button></div>
            </form>
        </>
    );
}

function GroupDetail({ group, roles, onDeleted }: { group: Group; roles: Role[]; onDeleted: () => void }) {
    const { client } = useApp();
    const members = useAsync((c) => c.members(group.id), [group.id]);
    const runs = useAsync((c) => c.groupRuns(group.id, 10), [group.id]);
    const stats = useAsync((c) => c.groupStats(group.id), [group.id]);
    const [roleID, setRoleID] = useState("");
    const [input, setInput] = useState("");
    const [started, setStarted] = useState<GroupRunCreated | null>(null);
    const [error, setError] = useState<Error | null>(null);
    const roleName = useMemo(() => new Map(roles.map((r) => [r.id, r.name])), [roles]);
    const reloadRuns = runs.reload, reloadStats = stats.reload;
    const onRunEnded = useCallback(() => {
        reloadRuns();
        reloadStats();
    }, [reloadRuns, reloadStats]);
    const memberRoles = new Set((members.data?.members ?? []).map((m) => m.role_id));
    const candidates = roles.filter((r) => !memberRoles.has(r.id));

    const act = async (action: () => Promise<unknown>) => {
        setError(null);
        try {
            await action();
        } catch (e) {
            setError(e instanceof Error ? e : new Error(String(e)));
        }
    };
    const add = () => act(async () => {
        const chosen = roleID || candidates[0]?.id;
        if (!chosen) return;
        await client.addMember(group.id, chosen, members.data?.members.length ?? 0);
        setRoleID("");
        members.reload();
    });
    const start = (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        void act(async () => {
            const run = await client.startGroupRun(group.id, input.trim());
            setStarted(run);
            setInput("");
            runs.reload();
        });
    };
    const remove = () => act(async () => {
        if (!window.confirm(`Delete the group ${group.name}?`)) return;
        await client.deleteGroup(group.id);
        onDeleted();
    });

    return (
        <section className="card group-detail" aria-labelledby="group-title">
            <div className="row spread">
                <h2 id="group-title">{group.name}</h2>
                <div className="row">
                    <Link to={`/blackboard/${encodeURIComponent(group.id)}`}>Blackboard</Link>
                    <button type="button" className="danger small" onClick={() => void remove()}>Delete group</button>
                </div>
            </div>
            {stats.data && <p className="muted small">{stats.data.run_count} runs · {Math.round(stats.data.success_rate * 100)}% completed · average {formatDuration(stats.data.avg_duration_ms)}</p>}
            <div className="grid2">
                <div>
                    <h3>Members</h3>
                    {members.loading && !members.data ? <Loading /> : members.error ? <ErrorView error={members.error} onRetry={members.reload} /> : (
                        (members.data?.members.length ?? 0) === 0 ? <p className="muted">No members yet: add a lead and at least one other role.</p> : (
                            <ol className="member-list">
                                {members.data?.members.map((m) => (
                                    <li key={m.id}>
                                        <span>{m.role_name ?? roleName.get(m.role_id) ?? m.role_id}</span> {m.is_lead && <span className="badge lead">lead</span>}
                                        <button type="button" className="secondary small" aria-label={`Remove ${m.role_name ?? m.role_id}`} onClick={() => void act(async () => { await client.removeMember(group.id, m.id); members.reload(); })}>Remove</button>
                                    </li>
                                ))}
                            </ol>
                        )
                    )}
                    {candidates.length > 0 && (
                        <div className="row">
                            <label htmlFor="member-role" className="visually-hidden">Role to add</label>
                            <select id="member-role" value={roleID || candidates[0].id} onChange={(e) => setRoleID(e.target.value)}>
                                {candidates.map((r) => <option key={r.id} value={r.id}>{r.name}{r.is_lead ? " (lead)" : ""}</option>)}
                            </select>
                            <button type="button" onClick={() => void add()}>Add member</button>
                        </div>
                    )}
                </div>
                <div>
                    <h3>Run the group</h3>
                    <form className="stack" onSubmit={start}>
                        <label htmlFor="group-input">Task</label>
                        <textarea id="group-input" rows={3} value={input} onChange={(e) => setInput(e.target.value)} placeholder="Which database should we start with?" />
                        <div className="row"><button type="submit" disabled={!input.trim()}>Start group run</button></div>
                    </form>
                </div>
            </div>
            <InlineError error={error} />
            {started && <FollowGroupRun key={started.run_id} run={started} groupID={group.id} roleNames={roleName} onEnded={onRunEnded} />}
            <h3>Recent group runs</h3>
            {runs.loading && !runs.data ? <Loading /> : runs.error ? <ErrorView error={runs.error} onRetry={runs.reload} /> : (runs.data?.runs.length ?? 0) === 0 ? <p className="muted">None yet.</p> : (
                <ul className="item-list">
                    {runs.data?.runs.map((r) => (
                        <li key={r.run_id} className="item">
                            <div className="item-main">
                                <Link to={`/trace/${encodeURIComponent(r.run_id)}`}>{shortID(r.run_id)}</Link> <StatusBadge status={r.status} />
                                <p className="small ellipsis">{r.input}</p>
                                {r.output && <p className="small muted ellipsis">→ {r.output}</p>}
                            </div>
                            <span className="muted small">{formatTime(r.created_at)} · {formatDuration(r.duration_ms)}</span>
                        </li>
                    ))}
                </ul>
            )}
        </section>
    );
}

function FollowGroupRun({ run, groupID, roleNames, onEnded }: { run: GroupRunCreated; groupID: string; roleNames: ReadonlyMap<string, string>; onEnded: () => void }) {
    const { events, stream } = useRunEvents(run.run_id, { includeTokens: false });
    const transcript = useMemo(() => buildTranscript(events), [events]);
    const messages = useMemo(() => buildTeamConversation(events), [events]);
    const status = events.length > 0 && transcript.status !== "pending" ? transcript.status : run.status;
    const done = TERMINAL_STATUSES.has(status);
    const reported = useRef(false);
    useEffect(() => {
        if (done && !reported.current) {
            reported.current = true;
            onEnded();
        }
    }, [done, onEnded]);
    return (
        <div className="follow" aria-live="polite" data-run-id={run.run_id}>
            <div className="row spread">
                <h3>Following <Link to={`/trace/${encodeURIComponent(run.run_id)}`}>{shortID(run.run_id)}</Link> <StatusBadge status={status} /></h3>
                {!done && <span className="muted small">{stream === "live" ? "● live" : stream}</span>}
            </div>
            {messages.length === 0 ? <p className="muted">Waiting for the first message…</p> : <TeamConversation messages={messages} roleNames={roleNames} />}
            {done && transcript.output && <p className="decision-output"><strong>Decision:</strong> {transcript.output}</p>}
            {done && <p><Link to={`/blackboard/${encodeURIComponent(groupID)}`}>See it on the blackboard</Link></p>}
        </div>
    );
}
