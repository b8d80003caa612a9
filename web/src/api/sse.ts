// Live events over server-sent events. A run stream's frames carry `id: seq`:
// while the browser reconnects by itself it sends Last-Event-ID; when it gives
// up (an HTTP error, the adapter gone) we open a new stream with ?after_seq=
// the last seq seen, backing off up to 10 s. The token and the scope go in the
// query (an EventSource cannot send headers).
import { apiURL } from "./client";
import { authQuery, Profile } from "./connection";
import { RunEvent, TERMINAL_EVENTS } from "./types";

export type StreamState = "connecting" | "live" | "reconnecting" | "ended";

export interface StreamHandlers {
    onEvent: (event: RunEvent) => void;
    onState?: (state: StreamState) => void;
}

/** Follows one run from after `afterSeq` until its last event; returns a function that stops it. */
export function followRun(profile: Profile, runID: string, afterSeq: number, handlers: StreamHandlers): () => void {
    let lastSeq = afterSeq;
    let source: EventSource | null = null;
    let stopped = false;
    let retry: number | undefined;
    let delay = 500;

    const open = () => {
        if (stopped) return;
        handlers.onState?.("connecting");
        const query: [string, string][] = [...authQuery(profile)];
        if (lastSeq > 0) query.push(["after_seq", String(lastSeq)]);
        const es = new EventSource(apiURL(`/runs/${encodeURIComponent(runID)}/stream`, query));
        source = es;
        es.addEventListener("connected", () => {
            delay = 500;
            handlers.onState?.("live");
        });
        es.addEventListener("run.event", (message: MessageEvent<string>) => {
            const event = parseEvent(message.data);
            if (!event) return;
            if (typeof event.seq === "number") {
                if (event.seq <= lastSeq) return; // already seen (a replay overlapping what we loaded)
                lastSeq = event.seq;
            }
            handlers.onEvent(event);
            if (TERMINAL_EVENTS.has(event.type)) stop("ended");
        });
        es.onerror = () => {
            if (stopped) return;
            if (es.readyState === EventSource.CONNECTING) {
                // The browser retries by itself, sending Last-Event-ID.
                handlers.onState?.("reconnecting");
                return;
            }
            es.close();
            handlers.onState?.("reconnecting");
            retry = window.setTimeout(open, delay);
            delay = Math.min(delay * 2, 10_000);
        };
    };

    const stop = (state: StreamState = "ended") => {
        if (stopped) return;
        stopped = true;
        if (retry !== undefined) window.clearTimeout(retry);
        source?.close();
        handlers.onState?.(state);
    };

    open();
    return () => stop();
}

/** Every run of the scope (or of one session), live, without ids: for lists that refresh. */
export function followScope(profile: Profile, sessionKey: string | null, handlers: StreamHandlers): () => void {
    let source: EventSource | null = null;
    let stopped = false;
    let retry: number | undefined;
    let delay = 1000;
    const open = () => {
        if (stopped) return;
        const query: [string, string][] = [...authQuery(profile)];
        if (sessionKey) query.push(["session_key", sessionKey]);
        const es = new EventSource(apiURL("/stream", query));
        source = es;
        es.addEventListener("connected", () => {
            delay = 1000;
            handlers.onState?.("live");
        });
        es.addEventListener("run.event", (message: MessageEvent<string>) => {
            const event = parseEvent(message.data);
            if (event) handlers.onEvent(event);
        });
        es.onerror = () => {
            if (stopped) return;
            handlers.onState?.("reconnecting");
            if (es.readyState === EventSource.CLOSED) {
                retry = window.setTimeout(open, delay);
                delay = Math.min(delay * 2, 15_000);
            }
        };
    };
    open();
    return () => {
        stopped = true;
        if (retry !== undefined) window.clearTimeout(retry);
        source?.close();
    };
}

function parseEvent(data: string): RunEvent | null {
    try {
        const value: unknown = JSON.parse(data);
        if (typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string") return value as RunEvent;
    } catch {
        // A frame that is not an event: ignore it.
    }
    return null;
}
