// A small typed client for the adapter's /api: every request of the console
// goes through `request`, which only ever builds same-origin `/api/…` URLs.
import { authHeaders, Profile } from "./connection";
import type {
    ApproveBody, BlackboardMemory, CoreBlock, CreateRunBody, EventPage, Group, GroupMember, GroupRunCreated, GroupRunRow, GroupStats,
    Health, JsonObject, Memory, MemorySearchResult, MemoryTier, Role, RoleBody, Run, RunExport, RunList, SessionRuns, Skill, SkillBody,
    ToolInfo, Upload,
} from "./types";

/** What went wrong with a request, in the adapter's error envelope's terms. */
export class ApiError extends Error {
    /** 0 when the adapter could not be reached at all. */
    readonly status: number;
    readonly code: string;
    readonly details: unknown;

    constructor(status: number, code: string, message: string, details?: unknown) {
        super(message);
        this.name = "ApiError";
        this.status = status;
        this.code = code;
        this.details = details;
    }

    get unreachable(): boolean {
        return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
    }
}

export type Query = Record<string, string | number | boolean | undefined | null | string[]>;

export const API_BASE = "/api";

export function apiURL(path: string, query?: Query | [string, string][]): string {
    if (!path.startsWith("/")) throw new Error(`API paths start with /: ${path}`);
    const params = new URLSearchParams();
    if (Array.isArray(query)) {
        for (const [k, v] of query) params.append(k, v);
    } else if (query) {
        for (const [k, v] of Object.entries(query)) {
            if (v === undefined || v === null || v === "") continue;
            if (Array.isArray(v)) v.forEach((item) => params.append(k, item));
            else params.append(k, String(v));
        }
    }
    const text = params.toString();
    return `${API_BASE}${path}${text ? `?${text}` : ""}`;
}

const seg = encodeURIComponent;

export class ApiClient {
    constructor(private readonly profile: Profile) {}

    async request<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string,
                     options: { query?: Query; body?: unknown; file?: File; signal?: AbortSignal } = {}): Promise<T> {
        const headers: Record<string, string> = { Accept: "application/json", ...authHeaders(this.profile) };
        let body: string | Blob | undefined;
        if (options.file !== undefined) {
            // An upload is the raw file: its type and (percent-encoded) name in headers.
            headers["Content-Type"] = options.file.type || "application/octet-stream";
            headers["X-Filename"] = encodeURIComponent(options.file.name);
            body = options.file;
        } else if (options.body !== undefined) {
            headers["Content-Type"] = "application/json";
            body = JSON.stringify(options.body);
        }
        let response: Response;
        try {
            response = await fetch(apiURL(path, options.query), { method, headers, body, signal: options.signal, credentials: "same-origin" });
        } catch (error) {
            if (error instanceof DOMException && error.name === "AbortError") throw error;
            throw new ApiError(0, "UNREACHABLE", "The adapter cannot be reached: is oi-adapter running?");
        }
        if (response.status === 204) return undefined as T;
        const text = await response.text();
        let parsed: unknown = undefined;
        if (text) {
            try {
                parsed = JSON.parse(text);
            } catch {
                parsed = undefined;
            }
        }
        if (!response.ok) throw errorFrom(response.status, parsed, text);
        if (parsed === undefined) throw new ApiError(response.status, "BAD_RESPONSE", `The adapter answered ${response.status} without JSON`);
        return parsed as T;
    }

    // System
    health = () => this.request<Health>("GET", "/health");
    tools = () => this.request<{ tools: ToolInfo[] }>("GET", "/tools");

    // Runs
    listRuns = (query: { status?: string[]; session_key?: string; created_from?: string; created_before?: string; limit?: number; cursor?: string | null }) =>
        this.request<RunList>("GET", "/runs", { query });
    getRun = (runID: string) => this.request<Run>("GET", `/runs/${seg(runID)}`);
    sessionRuns = (sessionKey: string, page = 1, limit = 20) =>
        this.request<SessionRuns>("GET", `/sessions/${seg(sessionKey)}/runs`, { query: { page, limit } });
    runEvents = (runID: string, query: { cursor?: string | null; limit?: number; type?: string; include_tokens?: boolean } = {}) =>
        this.request<EventPage>("GET", `/runs/${seg(runID)}/events`, { query });
    createRun = (body: CreateRunBody) => this.request<Run>("POST", "/runs", { body });
    upload = (file: File) => this.request<Upload>("POST", "/uploads", { file });
    cancelRun = (runID: string) => this.request<{ success: boolean; status?: string }>("POST", `/runs/${seg(runID)}/cancel`, { body: {} });
    approve = (runID: string, body: ApproveBody) => this.request<{ success: boolean }>("POST", `/runs/${seg(runID)}/approve`, { body });
    /** Issue 17's route; a 404 or 405 from an adapter without it. */
    inject = (runID: string, message: string) => this.request<{ success: boolean }>("POST", `/runs/${seg(runID)}/inject`, { body: { message } });
    exportRun = (runID: string) => this.request<RunExport>("GET", `/runs/${seg(runID)}/export`);

    /** Every event of a run after `afterSeq`, page by page (at most `maxPages`). */
    async allEvents(runID: string, options: { includeTokens?: boolean; maxPages?: number; signal?: AbortSignal } = {}) {
        const events: EventPage["events"] = [];
        let cursor: string | null = null;
        for (let page = 0; page < (options.maxPages ?? 20); page++) {
            const result: EventPage = await this.request<EventPage>("GET", `/runs/${seg(runID)}/events`, {
                query: { cursor, limit: 1000, include_tokens: options.includeTokens ?? true },
                signal: options.signal,
            });
            events.push(...result.events);
            if (!result.next_cursor || result.events.length === 0) break;
            cursor = result.next_cursor;
        }
        return events;
    }

    // Roles
    roles = () => this.request<{ roles: Role[] }>("GET", "/roles");
    createRole = (body: RoleBody) => this.request<Role>("POST", "/roles", { body });
    updateRole = (id: string, body: RoleBody) => this.request<Role>("PUT", `/roles/${seg(id)}`, { body });
    deleteRole = (id: string, force = false) => this.request<void>("DELETE", `/roles/${seg(id)}`, { query: { force: force || undefined } });

    // Groups
    groups = () => this.request<{ groups: Group[] }>("GET", "/groups");
    getGroup = (id: string) => this.request<Group>("GET", `/groups/${seg(id)}`);
    createGroup = (body: { name: string; description?: string }) => this.request<Group>("POST", "/groups", { body });
    deleteGroup = (id: string) => this.request<void>("DELETE", `/groups/${seg(id)}`, { query: { force: true } });
    members = (groupID: string) => this.request<{ members: GroupMember[] }>("GET", `/groups/${seg(groupID)}/members`);
    addMember = (groupID: string, roleID: string, ordinal: number) =>
        this.request<GroupMember>("POST", `/groups/${seg(groupID)}/members`, { body: { role_id: roleID, ordinal } });
    removeMember = (groupID: string, memberID: string) => this.request<void>("DELETE", `/groups/${seg(groupID)}/members/${seg(memberID)}`);
    groupStats = (groupID: string) => this.request<GroupStats>("GET", `/groups/${seg(groupID)}/stats`);
    groupRuns = (groupID: string, limit = 10) => this.request<{ runs: GroupRunRow[] }>("GET", `/groups/${seg(groupID)}/runs`, { query: { limit } });
    startGroupRun = (groupID: string, input: string) => this.request<GroupRunCreated>("POST", `/groups/${seg(groupID)}/runs`, { body: { input } });
    blackboard = (groupID: string) => this.request<{ memories: BlackboardMemory[] }>("GET", `/groups/${seg(groupID)}/blackboard`, { query: { limit: 200 } });

    // Skills
    skills = () => this.request<{ skills: Skill[] }>("GET", "/skills");
    createSkill = (body: SkillBody) => this.request<Skill>("POST", "/skills", { body });
    updateSkill = (id: string, body: SkillBody) => this.request<Skill>("PUT", `/skills/${seg(id)}`, { body });
    deleteSkill = (id: string) => this.request<void>("DELETE", `/skills/${seg(id)}`);

    // Memory
    searchMemory = (body: { query: string; k?: number; tiers?: MemoryTier[]; mode?: string }) =>
        this.request<MemorySearchResult>("POST", "/memory/search", { body });
    listMemory = (query: { tier?: string; limit?: number; cursor?: string | null } = {}) =>
        this.request<{ memories: Memory[]; next_cursor: string | null }>("GET", "/memory", { query });
    getMemory = (id: string) => this.request<Memory>("GET", `/memory/${seg(id)}`);
    deleteMemory = (id: string) => this.request<{ deleted: boolean }>("DELETE", `/memory/${seg(id)}`);
    writeMemory = (body: { tier: MemoryTier; content: string; title?: string; metadata?: JsonObject }) =>
        this.request<Memory>("POST", "/memory", { body });
    coreBlocks = () => this.request<{ blocks: CoreBlock[] }>("GET", "/memory/core");
    setCoreBlock = (label: string, content: string) => this.request<CoreBlock>("PUT", `/memory/core/${seg(label)}`, { body: { content } });
}

function errorFrom(status: number, parsed: unknown, text: string): ApiError {
    if (typeof parsed === "object" && parsed !== null && "error" in parsed) {
        const error = (parsed as { error: unknown }).error;
        if (typeof error === "object" && error !== null) {
            const e = error as { code?: unknown; message?: unknown; details?: unknown };
            return new ApiError(status, typeof e.code === "string" ? e.code : `HTTP_${status}`,
                typeof e.message === "string" ? e.message : `HTTP ${status}`, e.details);
        }
    }
    if (status === 502 || status === 503 || status === 504) {
        return new ApiError(status, "UNAVAILABLE", "The adapter is up but its host is not answering (it may be restarting).");
    }
    return new ApiError(status, `HTTP_${status}`, text.slice(0, 200) || `HTTP ${status}`);
}
