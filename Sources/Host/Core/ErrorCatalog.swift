import RPC
import Runtime

/// Every error code the host answers with: JSON-RPC's own and ours
/// (-32000…-32099). `schemas/errors.json` is generated from this table.
public enum ErrorCatalog {
    public struct Entry: Sendable {
        public let name: String
        public let code: RPCError.Code
        public let meaning: String
    }

    public static let all: [Entry] = [
        Entry(name: "parse_error", code: .parseError, meaning: "The line is not valid JSON (or not UTF-8, too deeply nested, or has an out-of-range number). The id is null."),
        Entry(name: "invalid_request", code: .invalidRequest, meaning: "Not a JSON-RPC 2.0 request: wrong jsonrpc, bad id type, params not an object, an empty batch, a line over the size limit, a reused in-flight id, or a request after shutdown."),
        Entry(name: "method_not_found", code: .methodNotFound, meaning: "No such method; data.method names it."),
        Entry(name: "invalid_params", code: .invalidParams, meaning: "A param is missing, of the wrong type, out of range or unknown; data.path names it (e.g. params.limit)."),
        Entry(name: "internal_error", code: .internalError, meaning: "A bug or an unexpected failure inside the host; the process keeps running."),
        Entry(name: "request_cancelled", code: .requestCancelled, meaning: "The client cancelled the request with $/cancelRequest."),
        Entry(name: "not_initialized", code: .notInitialized, meaning: "A request other than initialize arrived before initialize succeeded."),
        Entry(name: "not_found", code: .notFound, meaning: "The resource does not exist in the caller's scope (another tenant's resource reads as not found)."),
        Entry(name: "invalid_scope", code: .invalidScope, meaning: "org_id, user_id or project_id (in a scope, the environment, or a project_id param) breaks the id rule: 1–128 ASCII letters, digits and . _ : -, not starting with a dot; data.path names it."),
        Entry(name: "conflict", code: .conflict, meaning: "The request conflicts with existing state (a unique name or key is taken)."),
        Entry(name: "invalid_state", code: .invalidState, meaning: "The resource is not in a state that allows this (e.g. cancelling a finished run)."),
        Entry(name: "session_busy", code: .sessionBusy, meaning: "on_busy_session is reject and the session already has an active run."),
        Entry(name: "policy_blocked", code: .policyBlocked, meaning: "A tool policy rule blocked the action."),
        Entry(name: "provider_error", code: .providerError, meaning: "The model provider failed (after retries)."),
        Entry(name: "cancelled", code: .runCancelled, meaning: "The run was cancelled."),
        Entry(name: "storage_unavailable", code: .storageUnavailable, meaning: "The database cannot be reached or refused the operation; retry later."),
        Entry(name: "payload_too_large", code: .payloadTooLarge, meaning: "A value exceeds a documented size limit (limits.*), or a result cannot fit one rpc.maxLineBytes line; data.path names it and data.limit gives the limit."),
        Entry(name: "shutting_down", code: .shuttingDown, meaning: "The host is stopping and accepts no new work."),
        Entry(name: "embedding_failed", code: .embeddingFailed, meaning: "The embeddings server failed (after retries) or returned unusable vectors; nothing was written."),
        Entry(name: "unauthorized", code: .unauthorized, meaning: "An API token is malformed, unknown or revoked (tokens/verify); the REST adapter answers 401."),
        Entry(name: "run_failed", code: .runFailed, meaning: "The run a request waited for failed (an ACP session/prompt, an MCP run_agent): data.stop_reason (error, timeout, budget, …), data.run_id and data.error say how."),
        Entry(name: "feature_disabled", code: .featureDisabled, meaning: "The feature is turned off in the configuration (connectors/feishu/sync while feishu.enabled is false: data.code FEISHU_SYNC_DISABLED)."),
    ]

    /// The content of `schemas/errors.json`.
    public static var document: JSONValue {
        [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "OpenIntern JSON-RPC error codes",
            "description": "Codes in error.code of JSON-RPC responses from oi-host. Application codes are in -32000…-32099.",
            "errors": .array(all.map { ["name": .string($0.name), "code": .int(Int64($0.code.rawValue)), "meaning": .string($0.meaning)] }),
        ]
    }
}

extension RPCError.Code {
    public static let notFound = RPCError.Code(-32001)
    public static let invalidScope = RPCError.Code(-32003)
    public static let conflict = RPCError.Code(-32004)
    public static let invalidState = RPCError.Code(-32005)
    public static let sessionBusy = RPCError.Code(-32006)
    public static let policyBlocked = RPCError.Code(-32007)
    public static let providerError = RPCError.Code(-32008)
    public static let runCancelled = RPCError.Code(-32009)
    public static let storageUnavailable = RPCError.Code(-32010)
    public static let payloadTooLarge = RPCError.Code(-32011)
    public static let shuttingDown = RPCError.Code(-32012)
    public static let embeddingFailed = RPCError.Code(-32013)
    public static let unauthorized = RPCError.Code(-32014)
    public static let runFailed = RPCError.Code(-32015)
    public static let featureDisabled = RPCError.Code(-32016)
}
