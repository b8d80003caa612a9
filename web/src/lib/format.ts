// How numbers, times and durations read on every page.

export function formatDuration(ms: number | null | undefined): string {
    if (ms === null || ms === undefined || Number.isNaN(ms)) return "—";
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
    const minutes = Math.floor(ms / 60_000);
    const seconds = Math.round((ms % 60_000) / 1000);
    return `${minutes} min ${seconds} s`;
}

export function formatTime(iso: string | null | undefined): string {
    if (!iso) return "—";
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    const today = new Date();
    const sameDay = date.toDateString() === today.toDateString();
    return sameDay
        ? date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" })
        : date.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function formatTokens(n: number | undefined): string {
    if (n === undefined) return "—";
    if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
    if (n >= 10_000) return `${Math.round(n / 1000)}k`;
    return String(n);
}

export function formatCost(usd: number | undefined | null): string {
    if (usd === undefined || usd === null) return "—";
    if (usd === 0) return "$0";
    if (usd < 0.01) return `$${usd.toFixed(4)}`;
    return `$${usd.toFixed(2)}`;
}

export function shortID(id: string): string {
    const underscore = id.indexOf("_");
    if (underscore < 0 || id.length <= underscore + 11) return id;
    return `${id.slice(0, underscore + 1)}…${id.slice(-8)}`;
}

export function prettyJSON(value: unknown): string {
    try {
        return JSON.stringify(value, null, 2) ?? "null";
    } catch {
        return String(value);
    }
}

/** A session key the adapter accepts (the seed's `^s_[a-zA-Z0-9_]+$`). */
export function newSessionKey(): string {
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "");
    return `s_${stamp}_${Math.random().toString(36).slice(2, 6)}`;
}
