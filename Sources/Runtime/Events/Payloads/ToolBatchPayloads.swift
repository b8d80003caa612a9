import JSON

/// `tool.batch.started`: the calls of one model turn start as a batch:
/// read-only ones concurrently (`parallel`), the rest one by one (`serial`).
public struct ToolBatchStartedPayload: EventPayload {
    public static let type = EventType.toolBatchStarted
    public var batchID: String
    public var toolCount: Int
    /// `parallel` or `serial`.
    public var strategy: String
    public var callIDs: [String]

    enum CodingKeys: String, CodingKey { case batchID = "batch_id", toolCount = "tool_count", strategy, callIDs = "call_ids" }

    public static let example = ToolBatchStartedPayload(batchID: "batch_3_1", toolCount: 2, strategy: "parallel", callIDs: ["call_3_1", "call_3_2"])
}

/// `tool.batch.completed`: how the batch's calls ended.
public struct ToolBatchCompletedPayload: EventPayload {
    public static let type = EventType.toolBatchCompleted
    public var batchID: String
    public var toolCount: Int
    public var successCount: Int
    public var failureCount: Int
    public var durationMs: Int64

    enum CodingKeys: String, CodingKey {
        case batchID = "batch_id", toolCount = "tool_count", successCount = "success_count", failureCount = "failure_count", durationMs = "duration_ms"
    }

    public static let example = ToolBatchCompletedPayload(batchID: "batch_3_1", toolCount: 2, successCount: 2, failureCount: 0, durationMs: 41)
}
