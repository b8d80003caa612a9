// A run's events: what is stored (page by page), then live from the stream
// after the last seq loaded, until the run's last event.
import { useEffect, useState } from "react";
import { followRun, StreamState } from "../api/sse";
import { RunEvent, TERMINAL_EVENTS } from "../api/types";
import { useApp } from "../app-context";

export interface RunEventsState {
    events: RunEvent[];
    loading: boolean;
    error: Error | undefined;
    stream: StreamState | "idle";
}

export function useRunEvents(runID: string, options: { includeTokens?: boolean; enabled?: boolean } = {}): RunEventsState {
    const { client, profile } = useApp();
    const [state, setState] = useState<RunEventsState>({ events: [], loading: true, error: undefined, stream: "idle" });
    const includeTokens = options.includeTokens ?? true;
    const enabled = options.enabled ?? true;
    useEffect(() => {
        if (!enabled) return;
        const controller = new AbortController();
        let stop: (() => void) | undefined;
        setState({ events: [], loading: true, error: undefined, stream: "idle" });
        client.allEvents(runID, { includeTokens, signal: controller.signal }).then(
            (stored) => {
                if (controller.signal.aborted) return;
                setState({ events: stored, loading: false, error: undefined, stream: "idle" });
                if (stored.some((e) => TERMINAL_EVENTS.has(e.type))) return;
                const lastSeq = stored.reduce((max, e) => (e.seq !== undefined && e.seq > max ? e.seq : max), 0);
                stop = followRun(profile, runID, lastSeq, {
                    onEvent: (event) => {
                        if (!includeTokens && event.type === "llm.token") return;
                        setState((s) => ({ ...s, events: [...s.events, event] }));
                    },
                    onState: (stream) => setState((s) => ({ ...s, stream })),
                });
            },
            (error: unknown) => {
                if (controller.signal.aborted) return;
                setState({ events: [], loading: false, error: error instanceof Error ? error : new Error(String(error)), stream: "idle" });
            },
        );
        return () => {
            controller.abort();
            stop?.();
        };
    }, [client, profile, runID, includeTokens, enabled]);
    return state;
}
