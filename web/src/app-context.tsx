// The connection (token and tenant) every page uses, and its client.
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { ApiClient, ApiError } from "./api/client";
import { activeProfile, ConnectionState, loadConnection, Profile, saveConnection } from "./api/connection";

export interface AppContextValue {
    connection: ConnectionState;
    profile: Profile;
    client: ApiClient;
    setConnection: (state: ConnectionState) => void;
    switcherOpen: boolean;
    openSwitcher: (open: boolean) => void;
}

const AppContext = createContext<AppContextValue | null>(null);

export function AppProvider({ children }: { children?: ReactNode }) {
    const [connection, setState] = useState<ConnectionState>(loadConnection);
    const [switcherOpen, openSwitcher] = useState(false);
    const profile = activeProfile(connection);
    const client = useMemo(() => new ApiClient(profile), [profile]);
    const setConnection = useCallback((state: ConnectionState) => {
        saveConnection(state);
        setState(state);
    }, []);
    const value = useMemo(() => ({ connection, profile, client, setConnection, switcherOpen, openSwitcher }),
        [connection, profile, client, setConnection, switcherOpen]);
    return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

export function useApp(): AppContextValue {
    const value = useContext(AppContext);
    if (!value) throw new Error("useApp outside AppProvider");
    return value;
}

export interface AsyncState<T> {
    data: T | undefined;
    error: ApiError | Error | undefined;
    loading: boolean;
    reload: () => void;
    /** Replace the data in place (after a mutation or a live event). */
    setData: (update: (previous: T | undefined) => T | undefined) => void;
}

/** Loads `load(client)` when the connection or `deps` change; reloads on demand. */
export function useAsync<T>(load: (client: ApiClient, signal: AbortSignal) => Promise<T>, deps: ReadonlyArray<unknown>): AsyncState<T> {
    const { client } = useApp();
    const [data, setDataState] = useState<T | undefined>(undefined);
    const [error, setError] = useState<ApiError | Error | undefined>(undefined);
    const [loading, setLoading] = useState(true);
    const [generation, setGeneration] = useState(0);
    useEffect(() => {
        const controller = new AbortController();
        setLoading(true);
        setError(undefined);
        load(client, controller.signal).then(
            (value) => {
                if (controller.signal.aborted) return;
                setDataState(value);
                setLoading(false);
            },
            (reason: unknown) => {
                if (controller.signal.aborted) return;
                setError(reason instanceof Error ? reason : new Error(String(reason)));
                setLoading(false);
            },
        );
        return () => controller.abort();
        // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [client, generation, ...deps]);
    const reload = useCallback(() => setGeneration((g) => g + 1), []);
    const setData = useCallback((update: (previous: T | undefined) => T | undefined) => setDataState((previous) => update(previous)), []);
    return { data, error, loading, reload, setData };
}
