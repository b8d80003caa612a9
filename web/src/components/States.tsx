// Loading, empty and error states: every page shows one of these instead of a blank.
import { ReactNode } from "react";
import { ApiError } from "../api/client";
import { useApp } from "../app-context";

export function Loading({ label = "Loading…" }: { label?: string }) {
    return (
        <div className="state state-loading" role="status" aria-live="polite">
            <span className="spinner" aria-hidden={true} />
            {label}
        </div>
    );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
    return (
        <div className="state state-empty">
            <p className="state-title">{title}</p>
            {children}
        </div>
    );
}

/** What an error means for the person looking at it, and what they can do. */
export function describeError(error: Error): { title: string; hint: string; kind: "unreachable" | "auth" | "forbidden" | "notfound" | "other" } {
    if (error instanceof ApiError) {
        if (error.status === 0) return { kind: "unreachable", title: "The adapter cannot be reached", hint: "Start it with `oi-host dev` (or `oi-adapter`) and retry. This page only talks to the adapter's /api." };
        if (error.unreachable) return { kind: "unreachable", title: "The host is not answering", hint: error.message };
        if (error.status === 401) return { kind: "auth", title: "Not authorised (401)", hint: "This adapter needs an API token. Create one with `oi-host tokens create --org O --user U` and enter it under Connection." };
        if (error.status === 403) return { kind: "forbidden", title: "Forbidden (403)", hint: error.message };
        if (error.status === 404) return { kind: "notfound", title: "Not found (404)", hint: error.message };
        return { kind: "other", title: `${error.code} (${error.status})`, hint: error.message };
    }
    return { kind: "other", title: "Something went wrong", hint: error.message };
}

export function ErrorView({ error, onRetry, what }: { error: Error; onRetry?: () => void; what?: string }) {
    const { openSwitcher } = useApp();
    const d = describeError(error);
    return (
        <div className={`state state-error error-${d.kind}`} role="alert">
            <p className="state-title">{what ? `${what}: ` : ""}{d.title}</p>
            <p className="state-hint">{d.hint}</p>
            <div className="row">
                {onRetry && <button type="button" onClick={onRetry}>Retry</button>}
                {(d.kind === "auth" || d.kind === "forbidden") && (
                    <button type="button" className="secondary" onClick={() => openSwitcher(true)}>Open connection settings</button>
                )}
            </div>
        </div>
    );
}

/** A one-line error under a form or a button. */
export function InlineError({ error }: { error: Error | undefined | null }) {
    if (!error) return null;
    const d = describeError(error);
    return <p className="inline-error" role="alert">{d.title}: {d.hint}</p>;
}
