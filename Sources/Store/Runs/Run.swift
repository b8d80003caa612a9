import Foundation

/// A run's lifecycle state (DESIGN §5). Terminal states never change again.
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending
    case running
    case waitingApproval = "waiting_approval"
    /// Parked by a delegation call until its child runs end (no worker holds it).
    case waitingChildren = "waiting_children"
    case completed
    case failed
    case cancelled

    public var isTerminal: Bool { self == .completed || self == .failed || self == .cancelled }

    /// The states a run may come from to enter this one; anything else is
    /// refused with `.invalidState`.
    public var allowedPredecessors: [RunStatus] {
        switch self {
        case .pending: [.running, .waitingApproval, .waitingChildren]
        case .running: [.pending, .waitingApproval]
        case .waitingApproval: [.running]
        case .waitingChildren: [.running]
        case .completed: [.running]
        case .failed: [.pending, .running, .waitingApproval, .waitingChildren]
        case .cancelled: [.pending, .running, .waitingApproval, .waitingChildren]
        }
    }
}

/// Token counts of LLM calls and what they cost; added up per run.
public struct TokenUsage: Sendable, Hashable, Codable {
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var cachedTokens: Int64
    /// Some count was estimated (the provider reported none).
    public var estimated: Bool
    /// Cost in billionths of a US dollar (whole numbers, so sums are exact).
    public var costNanos: Int64
    /// `provider/model` whose prices applied. A run records the first one
    /// written (nil until its first model call is committed, and for group
    /// runs, whose usage is their members').
    public var model: String?

    public init(inputTokens: Int64 = 0, outputTokens: Int64 = 0, cachedTokens: Int64 = 0, estimated: Bool = false, costNanos: Int64 = 0,
                model: String? = nil) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedTokens = cachedTokens
        self.estimated = estimated
        self.costNanos = costNanos
        self.model = model
    }
}

/// A run as stored. JSON columns (`output`, `error`, configs, `metadata`) are
/// JSON text; PostgreSQL may return them re-serialised (same value, other spacing).
/// Dates have millisecond precision.
public struct Run: Sendable, Hashable {
    public var id: String
    public var scope: Scope
    public var sessionKey: String
    public var agentID: String
    public var input: String
    public var status: RunStatus
    public var stopReason: String?
    public var output: String?
    public var error: String?
    public var agentConfig: String?
    public var llmConfig: String?
    public var metadata: String?
    public var idempotencyKey: String?
    public var parentRunID: String?
    /// The top of the run's delegation tree; nil for a top-level run (it is its own root).
    public var rootRunID: String?
    public var groupID: String?
    public var roleID: String?
    /// The `seq` of the run's newest event (0 before the first).
    public var lastSeq: Int64
    public var cancelRequested: Bool
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    /// How many times a worker claimed the run (first start and resumes).
    public var attempts: Int
    public var usage: TokenUsage
    public var createdAt: Date
    public var startedAt: Date?
    public var endedAt: Date?
    public var updatedAt: Date
    /// How many `tool.called` events the run has (kept with `last_seq`).
    public var toolCallCount: Int
}

/// What `RunRepository.create` needs; the rest starts at its defaults.
public struct NewRun: Sendable, Hashable {
    public var sessionKey: String
    public var agentID: String
    public var input: String
    public var agentConfig: String?
    public var llmConfig: String?
    public var metadata: String?
    /// The same key in the same scope returns the first run instead of a new one.
    public var idempotencyKey: String?
    public var parentRunID: String?
    public var groupID: String?
    public var roleID: String?

    public init(
        sessionKey: String, agentID: String = "main", input: String,
        agentConfig: String? = nil, llmConfig: String? = nil, metadata: String? = nil,
        idempotencyKey: String? = nil, parentRunID: String? = nil, groupID: String? = nil, roleID: String? = nil
    ) {
        self.sessionKey = sessionKey
        self.agentID = agentID
        self.input = input
        self.agentConfig = agentConfig
        self.llmConfig = llmConfig
        self.metadata = metadata
        self.idempotencyKey = idempotencyKey
        self.parentRunID = parentRunID
        self.groupID = groupID
        self.roleID = roleID
    }
}

/// The result of `create`: the run, and whether it already existed (idempotency key).
public struct RunCreation: Sendable, Hashable {
    public var run: Run
    public var existing: Bool
}

/// A change to a run. Only the fields set are written; a status change is
/// guarded by `RunStatus.allowedPredecessors` and stamps `started_at` /
/// `ended_at`; any status but `running` releases the lease.
public struct RunUpdate: Sendable, Hashable {
    public var status: RunStatus?
    public var stopReason: String?
    /// JSON text.
    public var output: String?
    /// JSON text.
    public var error: String?
    /// Added to the run's totals (`estimated` sticks once set; `model` is
    /// recorded when the run has none yet).
    public var usage: TokenUsage?

    public init(status: RunStatus? = nil, stopReason: String? = nil, output: String? = nil, error: String? = nil, usage: TokenUsage? = nil) {
        self.status = status
        self.stopReason = stopReason
        self.output = output
        self.error = error
        self.usage = usage
    }
}

/// What `requestCancel` did: a pending or waiting run is cancelled at once;
/// a running one gets `cancel_requested` and stops at its next step.
public struct CancelOutcome: Sendable, Hashable {
    public var run: Run
    public var cancelledNow: Bool
}
