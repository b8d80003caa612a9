// Memory `/memory`: hybrid search with each hit's fused score and its text
// and vector components; the core blocks, editable; recent memories.
import { FormEvent, useState } from "react";
import type { CoreBlock, Memory, MemorySearchResult, MemoryTier } from "../api/types";
import { useApp, useAsync } from "../app-context";
import { Empty, ErrorView, InlineError, Loading } from "../components/States";
import { formatTime, shortID } from "../lib/format";

const tiers: MemoryTier[] = ["core", "episodic", "archival"];

export function MemoryPage() {
    return (
        <div className="page">
            <header className="page-head"><h1>Memory</h1></header>
            <div className="memory-grid">
                <Search />
                <CoreBlocks />
            </div>
            <Recent />
        </div>
    );
}

function Search() {
    const { client } = useApp();
    const [query, setQuery] = useState("");
    const [chosen, setChosen] = useState<MemoryTier[]>([]);
    const [mode, setMode] = useState("hybrid");
    const [result, setResult] = useState<MemorySearchResult | null>(null);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<Error | null>(null);
    const [opened, setOpened] = useState<Memory | null>(null);
    const search = async (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        if (!query.trim()) return;
        setBusy(true);
        setError(null);
        try {
            setResult(await client.searchMemory({ query: query.trim(), k: 10, mode, ...(chosen.length > 0 ? { tiers: chosen } : {}) }));
        } catch (err) {
            setError(err instanceof Error ? err : new Error(String(err)));
        } finally {
            setBusy(false);
        }
    };
    const open = async (id: string) => {
        try {
            setOpened(await client.getMemory(id));
        } catch (err) {
            setError(err instanceof Error ? err : new Error(String(err)));
        }
    };
    const top = result?.hits.reduce((m, h) => Math.max(m, h.score), 0) ?? 0;
    return (
        <section className="card" aria-labelledby="search-title">
            <h2 id="search-title">Search</h2>
            <form className="stack" onSubmit={(e) => void search(e)} role="search">
                <label htmlFor="mem-query">Query</label>
                <div className="row">
                    <input id="mem-query" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="how do I roll back production" />
                    <button type="submit" disabled={busy || !query.trim()}>{busy ? "Searching…" : "Search"}</button>
                </div>
                <fieldset className="row wrap">
                    <legend className="small">Tiers</legend>
                    {tiers.map((t) => (
                        <label key={t} className="check small">
                            <input type="checkbox" checked={chosen.includes(t)} onChange={(e) => setChosen(e.target.checked ? [...chosen, t] : chosen.filter((x) => x !== t))} /> {t}
                        </label>
                    ))}
                    <label htmlFor="mem-mode" className="small">Mode</label>
                    <select id="mem-mode" value={mode} onChange={(e) => setMode(e.target.value)}>
                        <option value="hybrid">hybrid</option><option value="text">text</option><option value="vector">vector</option>
                    </select>
                </fieldset>
            </form>
            <InlineError error={error} />
            {result && (result.hits.length === 0 ? <Empty title="No memories match" /> : (
                <ol className="hits">
                    {result.hits.map((hit) => (
                        <li key={hit.id} className="hit">
                            <div className="row spread">
                                <button type="button" className="linkish" onClick={() => void open(hit.memory_id)}>{hit.title ?? shortID(hit.memory_id)}</button>
                                <span className={`badge tier-${hit.tier}`}>{hit.tier}</span>
                            </div>
                            <p className="small">{hit.snippet}</p>
                            <div className="score">
                                <meter min={0} max={top || 1} value={hit.score} aria-label={`score ${hit.score.toFixed(4)}`} />
                                <span className="small mono">{hit.score.toFixed(4)}</span>
                                <span className="muted small">
                                    {hit.components.text?.rank !== undefined && `text #${hit.components.text.rank}`}
                                    {hit.components.vector?.rank !== undefined && ` · vector #${hit.components.vector.rank}`}
                                </span>
                            </div>
                        </li>
                    ))}
                </ol>
            ))}
            {opened && (
                <div className="memory-open">
                    <div className="row spread">
                        <h3>{opened.title ?? opened.id}</h3>
                        <button type="button" className="secondary small" onClick={() => setOpened(null)}>Close</button>
                    </div>
                    <p className="pre-wrap">{opened.text ?? "(no text)"}</p>
                </div>
            )}
        </section>
    );
}

function CoreBlocks() {
    const blocks = useAsync((c) => c.coreBlocks(), []);
    const [adding, setAdding] = useState(false);
    return (
        <section className="card" aria-labelledby="core-title">
            <h2 id="core-title">Core blocks</h2>
            <p className="muted small">Always in the prompt of this user's runs.</p>
            {blocks.loading && !blocks.data ? <Loading /> : blocks.error ? <ErrorView error={blocks.error} onRetry={blocks.reload} what="Core blocks" /> : (
                <>
                    {(blocks.data?.blocks.length ?? 0) === 0 && !adding && <Empty title="No core blocks yet" />}
                    {blocks.data?.blocks.map((b) => <CoreBlockEditor key={b.id} block={b} onSaved={blocks.reload} />)}
                    {adding ? <CoreBlockEditor block={null} onSaved={() => { setAdding(false); blocks.reload(); }} onCancel={() => setAdding(false)} />
                        : <button type="button" className="secondary" onClick={() => setAdding(true)}>New block</button>}
                </>
            )}
        </section>
    );
}

function CoreBlockEditor({ block, onSaved, onCancel }: { block: CoreBlock | null; onSaved: () => void; onCancel?: () => void }) {
    const { client } = useApp();
    const [label, setLabel] = useState(block?.label ?? "");
    const [content, setContent] = useState(block?.content ?? "");
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<Error | null>(null);
    const [saved, setSaved] = useState(false);
    const id = block?.id ?? "new";
    const submit = async (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        setSaved(false);
        try {
            await client.setCoreBlock(label.trim(), content);
            setSaved(true);
            onSaved();
        } catch (err) {
            setError(err instanceof Error ? err : new Error(String(err)));
        } finally {
            setBusy(false);
        }
    };
    const dirty = block === null || content !== block.content;
    return (
        <form className="stack core-block" onSubmit={(e) => void submit(e)} aria-label={block ? `Core block ${block.label}` : "New core block"}>
            {block ? <label htmlFor={`core-${id}`}><strong>{block.label}</strong> <span className="muted small">{content.length} / {block.char_limit} characters</span></label> : (
                <>
                    <label htmlFor="core-new-label">Label</label>
                    <input id="core-new-label" type="text" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="persona" />
                    <label htmlFor={`core-${id}`}>Content</label>
                </>
            )}
            <textarea id={`core-${id}`} rows={3} value={content} onChange={(e) => { setContent(e.target.value); setSaved(false); }} />
            <InlineError error={error} />
            <div className="row">
                <button type="submit" disabled={busy || !dirty || !label.trim()}>Save</button>
                {onCancel && <button type="button" className="secondary" onClick={onCancel}>Cancel</button>}
                {saved && <span className="muted small" role="status">saved</span>}
            </div>
        </form>
    );
}

function Recent() {
    const { client } = useApp();
    const list = useAsync((c) => c.listMemory({ limit: 20 }), []);
    const [error, setError] = useState<Error | null>(null);
    const remove = async (m: Memory) => {
        if (!window.confirm(`Delete the memory ${m.title ?? m.id}?`)) return;
        try {
            await client.deleteMemory(m.id);
            list.reload();
        } catch (err) {
            setError(err instanceof Error ? err : new Error(String(err)));
        }
    };
    return (
        <section className="card" aria-labelledby="recent-title">
            <h2 id="recent-title">Recent memories</h2>
            <InlineError error={error} />
            {list.loading && !list.data ? <Loading /> : list.error ? <ErrorView error={list.error} onRetry={list.reload} what="Memories" />
                : (list.data?.memories.length ?? 0) === 0 ? <Empty title="No memories yet">Runs write a summary here when they complete; agents write with memory_write.</Empty> : (
                    <ul className="item-list">
                        {list.data?.memories.map((m) => (
                            <li key={m.id} className="item">
                                <div className="item-main">
                                    <strong>{m.title ?? shortID(m.id)}</strong> <span className={`badge tier-${m.tier}`}>{m.tier}</span>
                                    <p className="muted small ellipsis">{m.text ?? ""}</p>
                                </div>
                                <span className="muted small">{formatTime(m.created_at)}</span>
                                <button type="button" className="danger small" aria-label={`Delete memory ${m.title ?? m.id}`} onClick={() => void remove(m)}>Delete</button>
                            </li>
                        ))}
                    </ul>
                )}
        </section>
    );
}
