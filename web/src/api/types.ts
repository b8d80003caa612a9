// The shapes the adapter's /api routes answer with: the RPC results of
// schemas/methods/*.json (our routes) or the seed's bodies (SEED-CONTRACT §2).
// Fields later issues add (cost_usd, steps) are optional and shown when present.

export type RunStatus = "pending" | "running" | "waiting_approval" | "waiting_children" | "completed" | "failed" | "cancelled";
export const RUN_STATUSES: RunStatus[] = ["pending", "running", "waiting_approval", "waiting_children", "completed", "failed", "cancelled"];
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(["completed", "failed", "cancelled"]);
export const TERMINAL_EVENTS: ReadonlySet<string> = new Set(["run.completed", "run.failed", "run.cancelled"]);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Usage {
    input_tokens: number;
    output_tokens: number;
    cached_tokens: number;
    estimated?: boolean;
}

export interface Run {
    run_id: string;
    status: RunStatus;
    session_key: string;
    input: string;
    output?: string | null;
    error?: { code?: string; message?: string } | null;
    created_at: string;
    started_at: string;
    ended_at?: string | null;
    duration_ms?: number | null;
    event_count: number;
    tool_call_count: number;
    usage: Usage;
    stop_reason?: string | null;
    agent_id?: string;
    group_id?: string | null;
    role_id?: string | null;
    parent_run_id?: string | null;
    attempts?: number;
    model?: string | null;
    /** From issue 22 (observability); absent before it. */
    cost_usd?: number;
    /** Not in the protocol yet; shown when a host sends it. */
    steps?: number;
}

export interface RunList {
    runs: Run[];
    next_cursor: string | null;
}

export interface SessionRuns {
    runs: Run[];
    total: number;
    page: number;
    limit: number;
}

export interface RunEvent {
    id: string;
    run_id: string;
    /** Absent on an unstored llm.token (agent.persistLlmTokens false). */
    seq?: number;
    type: string;
    ts: string;
    step?: number;
    group_id?: string;
    role_id?: string;
    message_type?: string;
    payload: JsonObject;
}

export interface EventPage {
    events: RunEvent[];
    next_cursor: string | null;
    total: number;
}

export interface RunExport {
    format: string;
    exported_at: string;
    run: Run;
    events: RunEvent[];
    checkpoints: { step: number; created_at: string; bytes: number; messages: number }[];
}

export interface CreateRunBody {
    input: string;
    session_key?: string;
    agent_id?: string;
    agent?: JsonObject;
    llm_config?: JsonObject;
    /** Uploads the run's first message carries (at most 5). */
    attachments?: { upload_id: string }[];
}

/** A stored file (POST /api/uploads). */
export interface Upload {
    upload_id: string;
    original_name: string;
    mime_type: string;
    size: number;
    sha256?: string;
    created_at?: string;
}

export type ApprovalDecision = "allow_once" | "allow_always" | "deny";

export interface ApproveBody {
    tool_call_id: string;
    decision: ApprovalDecision;
    reason?: string;
    /** Issue 17's edited arguments; an adapter without it refuses a non-empty object. */
    modified_args?: JsonObject;
}

export interface Role {
    id: string;
    name: string;
    description: string;
    system_prompt: string;
    is_lead: boolean;
    allowed_tools: string[];
    denied_tools: string[];
    style_constraints: JsonObject;
    model: JsonObject | null;
    created_at: string;
    updated_at: string;
}

export interface RoleBody {
    name?: string;
    description?: string;
    system_prompt?: string;
    is_lead?: boolean;
    allowed_tools?: string[];
    denied_tools?: string[];
    model?: JsonObject | null;
}

export interface Group {
    id: string;
    name: string;
    description: string;
    project_id: string | null;
    config: JsonObject;
    created_at: string;
    updated_at: string;
}

export interface GroupMember {
    id: string;
    group_id: string;
    role_id: string;
    role_name?: string;
    is_lead?: boolean;
    ordinal: number;
    created_at: string;
}

export interface GroupStats {
    run_count: number;
    completed_count: number;
    failed_count: number;
    success_rate: number;
    avg_duration_ms: number | null;
}

export interface GroupRunRow {
    run_id: string;
    status: RunStatus;
    input: string;
    output?: string | null;
    created_at: string;
    ended_at: string | null;
    duration_ms: number | null;
}

export interface GroupRunCreated extends Run {
    children?: { role_id: string; run_id: string; session_key: string }[];
}

/** A blackboard entry in the seed's memory shape; what it is (decision, evidence, …) is metadata.type. */
export interface BlackboardMemory {
    id: string;
    type: string;
    text: string;
    metadata: JsonObject;
    created_at: string;
    updated_at: string;
    group_id: string;
    role_id?: string | null;
    run_id?: string | null;
}

export type SkillToolRef = string | { name: string; description?: string; parameters?: JsonObject };

export interface Skill {
    id: string;
    name: string;
    description: string;
    instructions: string;
    tools: SkillToolRef[];
    risk_level: "low" | "medium" | "high";
    provider: "builtin" | "mcp";
    source: string;
    health_status?: string;
    created_at?: string | null;
    updated_at?: string | null;
}

export interface SkillBody {
    name?: string;
    description?: string;
    instructions?: string;
    tools?: SkillToolRef[];
    risk_level?: Skill["risk_level"];
    provider?: Skill["provider"];
}

export type MemoryTier = "core" | "episodic" | "archival";

export interface MemoryHit {
    id: string;
    memory_id: string;
    tier: MemoryTier;
    title: string | null;
    snippet: string;
    score: number;
    chunk_index?: number;
    created_at?: string;
    components: { text?: { rank?: number; score?: number }; vector?: { rank?: number; score?: number } };
}

export interface MemorySearchResult {
    mode: "hybrid" | "text" | "vector";
    embedder: string | null;
    k: number;
    hits: MemoryHit[];
}

export interface Memory {
    id: string;
    tier: MemoryTier;
    title?: string;
    text?: string;
    uri?: string;
    importance: number;
    chunk_count: number;
    metadata: JsonObject;
    created_at: string;
    updated_at: string;
}

export interface CoreBlock {
    id: string;
    label: string;
    content: string;
    chars: number;
    char_limit: number;
    role_id: string | null;
    created_at: string;
    updated_at: string;
}

export interface Health {
    status: "ok" | "degraded";
    version: string;
    uptime_ms: number;
    storage: { backend: string; state: string; error?: string };
}

export interface ToolInfo {
    name: string;
    description: string;
    risk_level: "low" | "medium" | "high";
    source: { kind: string; server?: string };
}
