import JSON

/// The payload of one event type: a struct per type, encoded once when the
/// event is written (`RunRecorder.emit`); those bytes are what storage keeps
/// and every reader is sent. `example` is checked against the type's schema
/// in `EventSchemas`, so the struct and the schema cannot drift apart.
public protocol EventPayload: Encodable, Sendable {
    /// The event type this payload belongs to (`EventType`).
    static var type: String { get }
    static var example: Self { get }
}

extension EventPayload {
    /// The payload as the JSON text an event row stores.
    func encodedText() throws -> String {
        String(decoding: try JSONValueCoding.encodeData(self), as: UTF8.self)
    }
}

/// Token counts as events carry them; `estimated` when some count is our
/// estimate (the provider reported none). The cost rides beside it, as the
/// event's `cost_usd`.
public struct UsagePayload: Encodable, Sendable, Equatable {
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var cachedTokens: Int64
    public var estimated: Bool
    /// Nano-dollars; encoded by the payloads that carry this usage, as `cost_usd`.
    public var costNanos: Int64

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens", outputTokens = "output_tokens", cachedTokens = "cached_tokens", estimated
    }

    public init(inputTokens: Int64 = 0, outputTokens: Int64 = 0, cachedTokens: Int64 = 0, estimated: Bool = false, costNanos: Int64 = 0) {
        (self.inputTokens, self.outputTokens, self.cachedTokens) = (inputTokens, outputTokens, cachedTokens)
        (self.estimated, self.costNanos) = (estimated, costNanos)
    }

    /// The cost in US dollars, as events and views show it.
    public var costUsd: Double { Self.dollars(costNanos) }

    /// Nano-dollars as dollars (exact to the nano-dollar in a double).
    public static func dollars(_ nanos: Int64) -> Double { Double(nanos) / 1e9 }
}

/// What went wrong, as `run.failed` and a failed member's status say it.
public struct ErrorPayload: Codable, Sendable, Equatable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        (self.code, self.message) = (code, message)
    }
}

/// Every payload type, one per `EventType`.
public enum EventPayloads {
    public static let all: [any EventPayload.Type] = [
        RunStartedPayload.self, RunResumedPayload.self, RunCompletedPayload.self, RunFailedPayload.self, RunCancelledPayload.self,
        RunWaitingPayload.self, RunDelegatedPayload.self, StepStartedPayload.self, StepCompletedPayload.self, LLMCalledPayload.self, LLMTokenPayload.self,
        ToolCalledPayload.self, ToolResultPayload.self, ToolBlockedPayload.self, ToolRequiresApprovalPayload.self,
        ToolApprovedPayload.self, ToolDeniedPayload.self, ToolInterruptedPayload.self,
        MemoryRetrievedPayload.self, MemorySummarizedPayload.self,
        MessageTaskPayload.self, MessageProposalPayload.self, MessageEvidencePayload.self, MessageDecisionPayload.self,
        MessageStatusPayload.self,
        RunWarningPayload.self, RunCompactedPayload.self, UserInjectedPayload.self, ToolBatchStartedPayload.self, ToolBatchCompletedPayload.self,
        MCPToolsRefreshedPayload.self, MCPServerRestartedPayload.self,
    ]
}

extension EventPayload {
    /// Where `example`, encoded as events encode payloads, breaks the type's schema.
    public static func exampleFailures() throws -> [SchemaValidator.Failure] {
        guard let schema = EventSchemas.payloads[type] else {
            return [SchemaValidator.Failure(path: "payload", message: "no schema for \(type)")]
        }
        return SchemaValidator.validate(try JSONParser.parse(Array(example.encodedText().utf8)), against: schema, path: "payload")
    }
}
