import Foundation
import JSON
import Store

/// Buffers one executing run's events and writes them: with the step's
/// checkpoint in one transaction at the end of the step (one synced commit
/// per step), and in between only when a step has been streaming for a while,
/// so live viewers see tokens without a commit per token. Every event is
/// stored before the bus hands it to anyone, and only while this worker
/// still holds the run's lease (`.leaseLost` otherwise: a worker that
/// stalled past its lease cannot write over the one that took the run over).
/// Events get their ids here, so a write whose COMMIT was lost with the
/// connection is retried without storing them twice.
/// With `persistTokens` off, `llm.token` batches are not stored: they are
/// published without a `seq`, in their place among the stored events.
final class RunRecorder {
    let run: Run
    private let events: EventRepository
    private let bus: EventBus
    private let persistTokens: Bool
    /// In order; `stored` false for a token batch that only goes live.
    private var pending: [(event: NewEvent, stored: Bool)] = []
    private var tokenText = ""
    private var tokenCount = 0
    private var tokenIndex = 0
    private var lastFlush = ContinuousClock.now
    /// The log context of the run being recorded (set by the queue), told each new step.
    private let logContext = RunLogContext.current
    var step = 0 { didSet { if logContext?.runID == run.id { logContext?.setStep(step) } } }
    /// The ordinal of the next checkpoint row (row 0 opens the run).
    var nextCheckpoint = 0
    var groupID: String?
    var roleID: String?
    /// Streaming steps are flushed at least this often.
    static let flushInterval = Duration.milliseconds(100)
    /// A token batch is closed at this many characters.
    static let tokenBatchChars = 512

    init(run: Run, events: EventRepository, bus: EventBus, persistTokens: Bool = true) {
        self.run = run
        self.events = events
        self.bus = bus
        self.persistTokens = persistTokens
        self.groupID = run.groupID
        self.roleID = run.roleID
    }

    /// Queues an event; its payload is encoded here, once. Its `ts` is now,
    /// when it happened (not when its step commits): spans are timed by it.
    func emit<Payload: EventPayload>(_ payload: Payload, messageType: String? = nil) {
        closeTokenBatch()
        pending.append((NewEvent(type: Payload.type, payload: Self.text(payload), step: step == 0 ? nil : step,
                                 groupID: groupID, roleID: roleID, messageType: messageType, ts: Date(), id: Identifier.make(prefix: "evt_")), true))
    }

    /// A payload's JSON text. Payloads hold strings, numbers and JSON values
    /// only; the one thing that cannot encode (a non-finite number) becomes `{}`.
    static func text<Payload: EventPayload>(_ payload: Payload) -> String {
        (try? payload.encodedText()) ?? "{}"
    }

    /// Coalesces model text into `llm.token` events (batched by size and time).
    func token(_ text: String) {
        tokenText += text
        tokenCount += 1
        if tokenText.count >= Self.tokenBatchChars { closeTokenBatch() }
    }

    private func closeTokenBatch() {
        guard !tokenText.isEmpty else { return }
        pending.append((NewEvent(type: EventType.llmToken, payload: Self.text(LLMTokenPayload(text: tokenText, index: tokenIndex, count: tokenCount)),
                                 step: step, groupID: groupID, roleID: roleID, ts: Date(), id: Identifier.make(prefix: "evt_")), persistTokens))
        tokenIndex += 1
        tokenText = ""
        tokenCount = 0
    }

    /// Writes what is pending if the step has streamed for a while.
    func flushIfDue() async throws {
        guard ContinuousClock.now - lastFlush >= Self.flushInterval else { return }
        closeTokenBatch()
        try await flush()
    }

    /// Writes what is pending now (no checkpoint).
    func flush() async throws {
        lastFlush = ContinuousClock.now
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        let toStore = batch.filter(\.stored).map(\.event)
        let stored = toStore.isEmpty ? [] : try await events.append(toStore, to: run.id, in: run.scope, leaseOwner: run.leaseOwner)
        publish(batch, stored)
    }

    /// Writes the pending events, the checkpoint and the run change in one transaction.
    @discardableResult
    func commit(checkpoint state: CheckpointState? = nil, update: RunUpdate? = nil) async throws -> Run {
        closeTokenBatch()
        let batch = pending
        pending = []
        lastFlush = ContinuousClock.now
        let checkpoint = try state.map { NewCheckpoint(step: nextCheckpoint, state: try $0.encoded()) }
        // Injected messages the checkpoint includes are consumed by the same commit: read exactly once.
        let consumed = state.flatMap { $0.injections.isEmpty ? nil : InjectionConsumption(ids: $0.injections, step: $0.step) }
        let result = try await events.commitStep(StepCommit(events: batch.filter(\.stored).map(\.event), checkpoint: checkpoint, run: update,
                                                            leaseOwner: run.leaseOwner, consumedInjections: consumed), to: run.id, in: run.scope)
        if checkpoint != nil { nextCheckpoint += 1 }
        publish(batch, result.events)
        return result.run
    }

    /// Forgets what was not written (the step is abandoned; a resume redoes it).
    func discardPending() {
        pending = []
        tokenText = ""
        tokenCount = 0
    }

    /// Publishes `batch` in its order: each stored entry as its row, each
    /// live-only one as an event without `seq`.
    private func publish(_ batch: [(event: NewEvent, stored: Bool)], _ stored: [Event]) {
        var rows = stored.makeIterator()
        let now = ISO8601.format(Date())
        let events = batch.compactMap { entry -> RunEvent? in
            if entry.stored { return rows.next().map(RunEvent.init) }
            let e = entry.event
            return RunEvent(id: Identifier.make(prefix: "evt_"), runID: run.id, seq: nil, type: e.type, ts: now, orgID: run.scope.orgID,
                            userID: run.scope.userID, projectID: run.scope.projectID, step: e.step, groupID: e.groupID, roleID: e.roleID,
                            messageType: e.messageType, payloadJSON: RawJSON(unchecked: Array(e.payload.utf8)))
        }
        bus.publish(events, sessionKey: run.sessionKey)
    }
}

extension RunEvent {
    init(_ e: Event) {
        self.init(id: e.id, runID: e.runID, seq: e.seq, type: e.type, ts: ISO8601.format(e.ts),
                  orgID: e.scope.orgID, userID: e.scope.userID, projectID: e.scope.projectID,
                  step: e.step, groupID: e.groupID, roleID: e.roleID, messageType: e.messageType,
                  payloadJSON: RawJSON(unchecked: Array(e.payload.utf8)))
    }
}
