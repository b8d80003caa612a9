// Who the console speaks as: profiles of a token and/or a tenant (org, user,
// project), kept in this browser's localStorage and sent with every request.
// With a token the adapter takes org and user from it (naming others is a
// 403), so empty fields are simply not sent.

export interface Profile {
    id: string;
    label: string;
    token: string;
    org: string;
    user: string;
    project: string;
}

export interface ConnectionState {
    profiles: Profile[];
    activeId: string;
}

const storageKey = "openintern.console.connection";

export const defaultProfile: Profile = { id: "default", label: "Default tenant", token: "", org: "org_default", user: "user_default", project: "" };

export function loadConnection(): ConnectionState {
    try {
        const text = window.localStorage.getItem(storageKey);
        if (text) {
            const parsed: unknown = JSON.parse(text);
            if (isConnectionState(parsed) && parsed.profiles.length > 0) return parsed;
        }
    } catch {
        // Storage disabled or garbage in it: start from the default.
    }
    return { profiles: [defaultProfile], activeId: defaultProfile.id };
}

export function saveConnection(state: ConnectionState): void {
    try {
        window.localStorage.setItem(storageKey, JSON.stringify(state));
    } catch {
        // Private mode: the choice lasts for this page only.
    }
}

export function activeProfile(state: ConnectionState): Profile {
    return state.profiles.find((p) => p.id === state.activeId) ?? state.profiles[0] ?? defaultProfile;
}

/** Headers for a JSON request: the bearer token and the scope headers that are set. */
export function authHeaders(profile: Profile): Record<string, string> {
    const headers: Record<string, string> = {};
    if (profile.token.trim()) headers["Authorization"] = `Bearer ${profile.token.trim()}`;
    if (profile.org.trim()) headers["x-org-id"] = profile.org.trim();
    if (profile.user.trim()) headers["x-user-id"] = profile.user.trim();
    if (profile.project.trim()) headers["x-project-id"] = profile.project.trim();
    return headers;
}

/** The same as query parameters, for an EventSource (which cannot send headers). */
export function authQuery(profile: Profile): [string, string][] {
    const query: [string, string][] = [];
    if (profile.token.trim()) query.push(["access_token", profile.token.trim()]);
    if (profile.org.trim()) query.push(["org_id", profile.org.trim()]);
    if (profile.user.trim()) query.push(["user_id", profile.user.trim()]);
    if (profile.project.trim()) query.push(["project_id", profile.project.trim()]);
    return query;
}

export function newProfileId(): string {
    return `p_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function isConnectionState(value: unknown): value is ConnectionState {
    if (typeof value !== "object" || value === null) return false;
    const v = value as { profiles?: unknown; activeId?: unknown };
    return typeof v.activeId === "string" && Array.isArray(v.profiles) && v.profiles.every(isProfile);
}

function isProfile(value: unknown): value is Profile {
    if (typeof value !== "object" || value === null) return false;
    const p = value as Record<string, unknown>;
    return ["id", "label", "token", "org", "user", "project"].every((k) => typeof p[k] === "string");
}
