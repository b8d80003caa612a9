import Foundation

extension Run: RowDecodable {
    /// Every column of `runs`, in the order `init(row:)` reads them.
    static let columns = """
        org_id, id, user_id, project_id, session_key, agent_id, input, status, stop_reason, output, error, \
        agent_config, llm_config, metadata, idempotency_key, parent_run_id, group_id, role_id, last_seq, \
        cancel_requested, lease_owner, lease_expires_at, attempts, input_tokens, output_tokens, cached_tokens, \
        created_at, started_at, ended_at, updated_at, tool_call_count, cost_nanos, usage_estimated, model, root_run_id
        """

    public init(row: Row) throws {
        guard let status = RunStatus(rawValue: try row.string("status")) else {
            throw StoreError(.internal, "run has unknown status \(row["status"])")
        }
        self.init(
            id: try row.string("id"),
            scope: Scope(trusted: try row.string("org_id"), userID: try row.string("user_id"), projectKey: try row.string("project_id")),
            sessionKey: try row.string("session_key"),
            agentID: try row.string("agent_id"),
            input: try row.string("input"),
            status: status,
            stopReason: row.optionalString("stop_reason"),
            output: row.optionalString("output"),
            error: row.optionalString("error"),
            agentConfig: row.optionalString("agent_config"),
            llmConfig: row.optionalString("llm_config"),
            metadata: row.optionalString("metadata"),
            idempotencyKey: row.optionalString("idempotency_key"),
            parentRunID: row.optionalString("parent_run_id"),
            rootRunID: row.optionalString("root_run_id"),
            groupID: row.optionalString("group_id"),
            roleID: row.optionalString("role_id"),
            lastSeq: try row.int64("last_seq"),
            cancelRequested: try row.bool("cancel_requested"),
            leaseOwner: row.optionalString("lease_owner"),
            leaseExpiresAt: row.optionalDate("lease_expires_at"),
            attempts: try row.int("attempts"),
            usage: TokenUsage(
                inputTokens: try row.int64("input_tokens"),
                outputTokens: try row.int64("output_tokens"),
                cachedTokens: try row.int64("cached_tokens"),
                estimated: try row.bool("usage_estimated"),
                costNanos: try row.int64("cost_nanos"),
                model: row.optionalString("model")),
            createdAt: try row.date("created_at"),
            startedAt: row.optionalDate("started_at"),
            endedAt: row.optionalDate("ended_at"),
            updatedAt: try row.date("updated_at"),
            toolCallCount: try row.int("tool_call_count"))
    }
}
