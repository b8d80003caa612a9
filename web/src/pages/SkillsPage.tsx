// Skills `/skills`: list, create, edit (PUT /api/skills/:id), delete. Skills
// found in SKILL.md folders are shown read-only.
import { FormEvent, useState } from "react";
import type { Skill, SkillBody, SkillToolRef } from "../api/types";
import { useApp, useAsync } from "../app-context";
import { Empty, ErrorView, InlineError, Loading } from "../components/States";
import { formatTime } from "../lib/format";

function toolsText(tools: SkillToolRef[]): string {
    return tools.map((t) => (typeof t === "string" ? t : JSON.stringify(t))).join("\n");
}

/** One tool per line: a name, or a JSON object {name, description, parameters}. */
function parseTools(text: string): SkillToolRef[] {
    return text.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
        if (!line.startsWith("{")) return line;
        const value: unknown = JSON.parse(line);
        if (typeof value !== "object" || value === null || typeof (value as { name?: unknown }).name !== "string") throw new Error(`A tool needs a name: ${line}`);
        return value as SkillToolRef;
    });
}

export function SkillsPage() {
    const { client } = useApp();
    const skills = useAsync((c) => c.skills(), []);
    const [editing, setEditing] = useState<Skill | "new" | null>(null);
    const [error, setError] = useState<Error | null>(null);
    const remove = async (skill: Skill) => {
        if (!window.confirm(`Delete the skill ${skill.name}?`)) return;
        setError(null);
        try {
            await client.deleteSkill(skill.id);
            skills.reload();
        } catch (e) {
            setError(e instanceof Error ? e : new Error(String(e)));
        }
    };
    return (
        <div className="page">
            <header className="page-head">
                <h1>Skills</h1>
                {editing === null && <button type="button" onClick={() => setEditing("new")}>New skill</button>}
            </header>
            {editing !== null && <SkillForm skill={editing === "new" ? null : editing} onDone={() => { setEditing(null); skills.reload(); }} onCancel={() => setEditing(null)} />}
            <InlineError error={error} />
            {skills.loading && !skills.data ? <Loading label="Loading skills…" /> : skills.error ? <ErrorView error={skills.error} onRetry={skills.reload} what="Skills" />
                : (skills.data?.skills.length ?? 0) === 0 ? <Empty title="No skills yet">A skill is instructions and the tools they may use; a run loads it by name (<code>agent.skills</code>).</Empty>
                : (
                    <div className="table-wrap">
                        <table>
                            <caption className="visually-hidden">Skills</caption>
                            <thead><tr><th scope="col">Name</th><th scope="col">Description</th><th scope="col">Tools</th><th scope="col">Risk</th><th scope="col">Source</th><th scope="col">Updated</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
                            <tbody>
                                {skills.data?.skills.map((skill) => {
                                    const stored = !skill.id.startsWith("folder:");
                                    return (
                                        <tr key={skill.id} data-skill={skill.name}>
                                            <td><strong>{skill.name}</strong></td>
                                            <td>{skill.description}</td>
                                            <td className="small">{skill.tools.map((t) => (typeof t === "string" ? t : t.name)).join(", ") || "—"}</td>
                                            <td><span className={`badge risk-${skill.risk_level}`}>{skill.risk_level}</span></td>
                                            <td className="small">{stored ? "stored" : "SKILL.md"}</td>
                                            <td className="small">{formatTime(skill.updated_at)}</td>
                                            <td>
                                                {stored ? (
                                                    <div className="row">
                                                        <button type="button" className="secondary small" onClick={() => setEditing(skill)} aria-label={`Edit skill ${skill.name}`}>Edit</button>
                                                        <button type="button" className="danger small" onClick={() => void remove(skill)} aria-label={`Delete skill ${skill.name}`}>Delete</button>
                                                    </div>
                                                ) : <span className="muted small" title={skill.source}>edit its file</span>}
                                            </td>
                                        </tr>
                                    );
                                })}
                            </tbody>
                        </table>
                    </div>
                )}
        </div>
    );
}

function SkillForm({ skill, onDone, onCancel }: { skill: Skill | null; onDone: () => void; onCancel: () => void }) {
    const { client } = useApp();
    const [name, setName] = useState(skill?.name ?? "");
    const [description, setDescription] = useState(skill?.description ?? "");
    const [instructions, setInstructions] = useState(skill?.instructions ?? "");
    const [tools, setTools] = useState(skill ? toolsText(skill.tools) : "");
    const [risk, setRisk] = useState<Skill["risk_level"]>(skill?.risk_level ?? "low");
    const [provider, setProvider] = useState<Skill["provider"]>(skill?.provider ?? "builtin");
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<Error | null>(null);
    const submit = async (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
            const body: SkillBody = { name: name.trim(), description, instructions, tools: parseTools(tools), risk_level: risk, provider };
            if (skill) await client.updateSkill(skill.id, body);
            else await client.createSkill(body);
            onDone();
        } catch (err) {
            setError(err instanceof Error ? err : new Error(String(err)));
        } finally {
            setBusy(false);
        }
    };
    return (
        <form className="card stack" onSubmit={(e) => void submit(e)} aria-label={skill ? `Edit skill ${skill.name}` : "New skill"}>
            <h2>{skill ? `Edit ${skill.name}` : "New skill"}</h2>
            <div className="grid2">
                <div className="stack">
                    <label htmlFor="skill-name">Name</label>
                    <input id="skill-name" type="text" required={true} value={name} onChange={(e) => setName(e.target.value)} />
                </div>
                <div className="stack">
                    <label htmlFor="skill-desc">Description</label>
                    <input id="skill-desc" type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
                </div>
            </div>
            <label htmlFor="skill-instructions">Instructions</label>
            <textarea id="skill-instructions" rows={5} value={instructions} onChange={(e) => setInstructions(e.target.value)} />
            <label htmlFor="skill-tools">Tools</label>
            <textarea id="skill-tools" className="mono" rows={3} spellCheck={false} value={tools} aria-describedby="skill-tools-hint" onChange={(e) => setTools(e.target.value)} />
            <p id="skill-tools-hint" className="muted small">One per line: a tool's name, or a JSON object with name, description and parameters.</p>
            <div className="grid2">
                <div className="stack">
                    <label htmlFor="skill-risk">Risk level</label>
                    <select id="skill-risk" value={risk} onChange={(e) => setRisk(e.target.value === "high" ? "high" : e.target.value === "medium" ? "medium" : "low")}>
                        <option value="low">low</option><option value="medium">medium</option><option value="high">high</option>
                    </select>
                </div>
                <div className="stack">
                    <label htmlFor="skill-provider">Provider</label>
                    <select id="skill-provider" value={provider} onChange={(e) => setProvider(e.target.value === "mcp" ? "mcp" : "builtin")}>
                        <option value="builtin">builtin</option><option value="mcp">mcp</option>
                    </select>
                </div>
            </div>
            <InlineError error={error} />
            <div className="row">
                <button type="submit" disabled={busy || !name.trim()}>{skill ? "Save skill" : "Create skill"}</button>
                <button type="button" className="secondary" onClick={onCancel}>Cancel</button>
            </div>
        </form>
    );
}
