import Foundation
import JSON

/// One JSON-RPC 2.0 peer over a pair of file descriptors. Its reader thread
/// parses each line and starts a task per request (answers go out in any
/// order, matched by id), honours cancellation, and resolves answers to the
/// requests this side sent. All output goes through one writer.
///
/// `@unchecked Sendable`: the mutable `State` is only touched while
/// `condition` is locked; everything else is immutable or itself Sendable.
public final class RPCConnection: @unchecked Sendable {
    private let options: ConnectionOptions
    private let input: Int32
    private let writer: FileDescriptorWriter
    private let condition = NSCondition()
    private var state: State
    /// Requests running at once before the reader stops reading (backpressure).
    private let maxInflight = 1024

    private struct State {
        /// What the connection speaks: its methods and its cancel notification.
        /// Set once more at most, by `initialize` (`adopt`), before any other request runs.
        var table: MethodTable
        var cancelMethod: String
        var cancelIDKey: String
        var inflight: [RequestID: Task<Void, Never>] = [:]
        /// Batches being answered, by a private number (their requests are not in `inflight`).
        var batches: [UInt64: Task<Void, Never>] = [:]
        var nextBatch: UInt64 = 0
        var cancelled: Set<RequestID> = []
        var outgoing: [RequestID: CheckedContinuation<JSONValue, any Error>] = [:]
        var nextOutgoingID: Int64 = 1
        var initialized = false
        var outputClosed = false
        var shuttingDown = false
        var stopped = false
        var ended: CheckedContinuation<Void, Never>?
        var endedAt: ContinuousClock.Instant?
    }

    public init(input: Int32, output: Int32, table: MethodTable, options: ConnectionOptions = ConnectionOptions()) {
        self.options = options
        self.input = input
        self.writer = FileDescriptorWriter(fd: output, closesDescriptor: options.closesDescriptors)
        state = State(table: table, cancelMethod: options.cancelMethod, cancelIDKey: options.cancelIDKey)
        state.initialized = options.initializeMethod == nil
    }

    /// The methods the connection answers (those of the protocol it speaks).
    public var table: MethodTable { condition.withLock { state.table } }

    /// Switches the connection to another protocol: its method table and its
    /// cancel notification (`$/cancel_request {requestId}` for the Agent
    /// Client Protocol). Meant for the `initialize` handler, which runs
    /// before the next line is read, so every later request sees the new table.
    public func adopt(_ table: MethodTable, cancelMethod: String, cancelIDKey: String) {
        condition.withLock {
            state.table = table
            state.cancelMethod = cancelMethod
            state.cancelIDKey = cancelIDKey
        }
    }

    /// Reads until the input ends or `stop()` is called, then cancels what is
    /// still running, fails pending outgoing requests and flushes the output.
    public func run() async {
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            let resumeNow: Bool = condition.withLock {
                if state.stopped { return true }
                state.ended = cont
                return false
            }
            if resumeNow {
                // Stopped before it ran: no reader thread will close the input.
                if options.closesDescriptors { close(input) }
                cont.resume()
                return
            }
            FileDescriptorReader.spawn(
                fd: input, maxLineBytes: options.maxLineBytes, closeWhenDone: options.closesDescriptors,
                onEvent: { [self] event in handle(event) },
                onEnd: { [self] in end() })
        }
        await finish()
    }

    /// Ends `run()` now; lines still arriving are ignored.
    public func stop() { end() }

    private func end() {
        let (cont, first): (CheckedContinuation<Void, Never>?, Bool) = condition.withLock {
            let first = !state.stopped
            state.stopped = true
            if state.endedAt == nil { state.endedAt = .now }
            defer { state.ended = nil }
            condition.broadcast()
            return (state.ended, first)
        }
        if first { options.onInputEnded?() }
        cont?.resume()
    }

    /// Ends the output after what is queued has been written (with
    /// `closesDescriptors` the peer then reads EOF — how an MCP client asks a
    /// stdio server to exit). Input is still read, so answers in flight
    /// arrive; requests sent from now on fail at once.
    public func closeOutput() {
        condition.withLock { state.outputClosed = true }
        writer.close()
    }

    /// After `shutdown`, new requests are refused (LSP semantics).
    public func beginShutdown() { condition.withLock { state.shuttingDown = true } }

    public var isInitialized: Bool { condition.withLock { state.initialized } }

    /// When the input ended (EOF) or `stop()` was called.
    public var endedAt: ContinuousClock.Instant? { condition.withLock { state.endedAt } }

    /// Every request already read is answered: they may run until the drain
    /// deadline, then what is left is cancelled (answered -32800). Then the
    /// output is flushed while the peer reads it, and closed.
    private func finish() async {
        let deadline = ContinuousClock.now + options.drainTimeout
        while ContinuousClock.now < deadline, condition.withLock({ !state.inflight.isEmpty || !state.batches.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(2))
        }
        let (tasks, pending) = condition.withLock {
            let t = Array(state.inflight.values) + Array(state.batches.values)
            let p = Array(state.outgoing.values)
            state.outgoing = [:]
            return (t, p)
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        for cont in pending { cont.resume(throwing: RPCError(code: .internalError, message: "connection closed")) }
        // Everything is written for a peer that reads, however slowly; one
        // that stopped reading for the drain timeout loses what is left.
        if !(await writer.drain(stall: max(options.drainTimeout, .milliseconds(200)))) {
            options.log(.warning, "the peer stopped reading: unwritten output dropped at shutdown")
        }
        writer.close()
    }

    // MARK: Incoming (on the reader thread)

    private func handle(_ event: LineFramer.Event) -> Bool {
        if condition.withLock({ state.stopped }) { return false }
        switch event {
        case .oversized(let line):
            handleOversized(line)
        case .line(let bytes):
            handleLine(bytes)
        }
        return true
    }

    /// A line over the limit cannot be parsed, but its edges usually show
    /// its id (decisions.md, "An answer over the line limit"). An answer
    /// fails the request it belongs to at once, rather than leaving it to
    /// time out; the same when its id is unreadable but only one request
    /// waits. A request is refused under its own id. Anything else is
    /// answered with id null, as JSON-RPC asks for an unreadable message.
    private func handleOversized(_ line: OversizedLine) {
        let sketch = MessageSketch(line)
        let limit = options.maxLineBytes
        if !sketch.isRequest {
            let waiting: (RequestID, CheckedContinuation<JSONValue, any Error>)? = condition.withLock {
                if let id = sketch.id {
                    return state.outgoing.removeValue(forKey: id).map { (id, $0) }
                }
                guard sketch.isResponse, state.outgoing.count == 1, let only = state.outgoing.first else { return nil }
                state.outgoing = [:]
                return only
            }
            if let (id, cont) = waiting {
                options.log(.warning, "the answer to request \(id) is \(line.byteCount) bytes, over the \(limit)-byte limit")
                cont.resume(throwing: RPCError(
                    code: .responseTooLarge, message: "answer of \(line.byteCount) bytes exceeds the limit of \(limit) bytes",
                    data: ["size": .int(Int64(line.byteCount)), "limit": .int(Int64(limit))]))
                return
            }
            if sketch.isResponse {
                options.log(.warning, "discarded an answer of \(line.byteCount) bytes over the \(limit)-byte limit for no waiting request (id \(sketch.id?.description ?? "unreadable"))")
                return
            }
        }
        options.log(.warning, "discarded a \(line.byteCount)-byte line over the \(limit)-byte limit")
        send(.errorResponse(id: sketch.id, error: RPCError(
            code: .invalidRequest,
            message: "invalid request: line of \(line.byteCount) bytes exceeds the \(limit)-byte limit",
            data: ["max_line_bytes": .int(Int64(limit))])))
    }

    private func handleLine(_ bytes: [UInt8]) {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        let value: JSONValue
        let duplicates: [[JSONParser.PathComponent]]
        do {
            (value, duplicates) = try JSONParser.parseReportingDuplicates(bytes, maxDepth: options.maxDepth)
        } catch {
            send(.errorResponse(id: nil, error: RPCError(
                code: .parseError, message: "parse error: \(error.message)",
                data: ["offset": .int(Int64(error.offset))])))
            return
        }
        if case .array(let members) = value {
            handleBatch(members, duplicates: duplicates)
        } else if let duplicate = duplicates.first {
            send(.errorResponse(id: Self.replyID(value, duplicate: duplicate[...]), error: Self.duplicateError(duplicate[...])))
        } else {
            handleSingle(value)
        }
    }

    /// A duplicate key at the top of a message is an invalid request; one
    /// inside `params` is an invalid param at its path.
    static func duplicateError(_ path: ArraySlice<JSONParser.PathComponent>) -> RPCError {
        var rendered = ""
        for step in path {
            switch step {
            case .key(let key): rendered += rendered.isEmpty ? key : "." + key
            case .index(let index): rendered += "[\(index)]"
            }
        }
        if path.count > 1, path.first == .key("params") {
            return .invalidParams("duplicate key \(rendered)", path: rendered)
        }
        return .invalidRequest("duplicate key \(rendered)")
    }

    /// The id to answer a message with a duplicate key under: its own, unless the id is what is duplicated.
    static func replyID(_ message: JSONValue, duplicate: ArraySlice<JSONParser.PathComponent>) -> RequestID? {
        if duplicate.first == .key("id") { return nil }
        return message["id"].flatMap(RequestID.init)
    }

    private func handleSingle(_ value: JSONValue) {
        let message: Message
        do {
            message = try Message(json: value)
        } catch {
            send(.errorResponse(id: error.id, error: .invalidRequest(error.reason)))
            return
        }
        switch message {
        case .request(let id, let method, let params):
            if method == options.initializeMethod, gate(id: id, method: method) == nil {
                runInitialize(id: id, params: params)
                return
            }
            condition.lock()
            while state.inflight.count >= maxInflight && !state.stopped { condition.wait() }
            if let refusal = gate(id: id, method: method) {
                condition.unlock()
                send(.errorResponse(id: id, error: refusal))
                return
            }
            state.inflight[id] = Task {
                let context = RequestContext(id: id, method: method, connection: self)
                let reply = await self.execute(context, params: params)
                self.complete(id: id, reply: reply)
                context.hooks.run()
            }
            condition.unlock()
        case .notification(let method, let params):
            handleNotification(method: method, params: params)
        case .response(let id, let result):
            condition.withLock { state.outgoing.removeValue(forKey: id) }?.resume(returning: result)
        case .errorResponse(let id, let error):
            if let id, let cont = condition.withLock({ state.outgoing.removeValue(forKey: id) }) {
                cont.resume(throwing: error)
            } else {
                options.log(.warning, "peer sent an error without a matching request: \(error.message)")
            }
        }
    }

    /// `initialize` is a barrier: the reader waits for it before the next line.
    private func runInitialize(id: RequestID, params: JSONValue?) {
        let done = NSCondition()
        nonisolated(unsafe) var finished = false
        Task {
            let context = RequestContext(id: id, method: self.options.initializeMethod ?? "", connection: self)
            let reply = await self.execute(context, params: params)
            if case .response = reply { self.condition.withLock { self.state.initialized = true } }
            self.send(reply)
            context.hooks.run()
            done.withLock { finished = true; done.signal() }
        }
        done.withLock { while !finished { done.wait() } }
    }

    /// Why a request must be refused now, or nil. Call with `condition` locked
    /// (or from the reader thread for `initialize`, where only reads happen).
    private func gate(id: RequestID, method: String) -> RPCError? {
        if state.inflight[id] != nil {
            return .invalidRequest("id \(id) is already in use by a request in flight")
        }
        if !state.initialized && method != options.initializeMethod && !options.allowedBeforeInitialize.contains(method) {
            if options.unknownMethodsBeforeInitialize == .methodNotFound && state.table[method] == nil {
                return .methodNotFound(method)
            }
            return RPCError(code: .notInitialized, message: "not initialized: send initialize first")
        }
        if state.initialized && method == options.initializeMethod && options.initializeMethod != nil {
            return .invalidRequest("initialize may be sent only once")
        }
        if state.shuttingDown {
            return .invalidRequest("the server is shutting down")
        }
        return nil
    }

    private func handleNotification(method: String, params: JSONValue?) {
        let (cancelMethod, cancelIDKey, table) = condition.withLock { (state.cancelMethod, state.cancelIDKey, state.table) }
        if method == cancelMethod {
            if let raw = params?[cancelIDKey], let id = RequestID(raw) {
                let task: Task<Void, Never>? = condition.withLock {
                    guard let t = state.inflight[id] else { return nil }
                    state.cancelled.insert(id)
                    return t
                }
                task?.cancel()
            }
            return
        }
        if let hook = options.onNotification, hook(method, params) { return }
        guard let entry = table[method] else {
            options.log(.debug, "ignored notification \(method)")
            return
        }
        let context = RequestContext(id: nil, method: method, connection: self)
        let log = options.log
        Task {
            do { _ = try await entry.handler(params, context) } catch {
                log(.warning, "notification \(method) failed: \(error)")
            }
        }
    }

    private func complete(id: RequestID, reply: OutgoingMessage) {
        // Queued before the request stops counting as in flight: `finish()`
        // closes the writer once nothing is, and a line queued after that is lost.
        // MCP's receiver of `notifications/cancelled` sends no response at all.
        let silent = !options.answersCancelledRequests && condition.withLock { state.cancelled.contains(id) }
        if !silent { send(reply) }
        condition.withLock {
            state.inflight[id] = nil
            state.cancelled.remove(id)
            condition.broadcast()
        }
    }

    private func execute(_ context: RequestContext, params: JSONValue?) async -> OutgoingMessage {
        let method = context.method
        let id = context.id ?? .int(0)
        guard let entry = table[method], !entry.isNotification else {
            return .errorResponse(id: id, error: .methodNotFound(method))
        }
        do {
            let bytes = try await entry.handler(params, context)
            // No line longer than the peer may accept ever goes out (the envelope takes < 200 bytes).
            if bytes.count + 200 > options.maxLineBytes {
                return .errorResponse(id: id, error: RPCError(
                    code: .responseTooLarge, message: "the result is \(bytes.count) bytes, more than one \(options.maxLineBytes)-byte line may hold",
                    data: ["path": "result", "limit": .int(Int64(options.maxLineBytes))]))
            }
            return .response(id: id, result: .raw(bytes))
        } catch let error as RPCError {
            return .errorResponse(id: id, error: error)
        } catch is CancellationError {
            return .errorResponse(id: id, error: .cancelled)
        } catch {
            if condition.withLock({ state.cancelled.contains(id) }) { return .errorResponse(id: id, error: .cancelled) }
            if let mapped = options.errorMapper(error) ?? (error as? any RPCErrorConvertible)?.rpcError {
                return .errorResponse(id: id, error: mapped)
            }
            options.log(.error, "\(method) failed: \(error)")
            return .errorResponse(id: id, error: RPCError(code: .internalError, message: "internal error: \(error)"))
        }
    }

    private func handleBatch(_ members: [JSONValue], duplicates: [[JSONParser.PathComponent]]) {
        if members.isEmpty {
            send(.errorResponse(id: nil, error: .invalidRequest("an empty batch")))
            return
        }
        var replies: [OutgoingMessage?] = Array(repeating: nil, count: members.count)
        var requests: [(Int, RequestID, String, JSONValue?)] = []
        var duplicated: [Int: ArraySlice<JSONParser.PathComponent>] = [:]
        for path in duplicates {
            if case .index(let i)? = path.first, duplicated[i] == nil, path.count > 1 { duplicated[i] = path.dropFirst() }
        }
        for (index, member) in members.enumerated() {
            if let duplicate = duplicated[index] {
                replies[index] = .errorResponse(id: Self.replyID(member, duplicate: duplicate), error: Self.duplicateError(duplicate))
                continue
            }
            let message: Message
            do { message = try Message(json: member) } catch {
                replies[index] = .errorResponse(id: error.id, error: .invalidRequest(error.reason))
                continue
            }
            switch message {
            case .request(let id, let method, let params):
                if let refusal = condition.withLock({ gate(id: id, method: method) }) {
                    replies[index] = .errorResponse(id: id, error: refusal)
                } else {
                    requests.append((index, id, method, params))
                }
            default:
                handleSingle(member)
            }
        }
        let prepared = replies
        condition.lock()
        let number = state.nextBatch
        state.nextBatch += 1
        state.batches[number] = Task {
            defer { self.condition.withLock { _ = self.state.batches.removeValue(forKey: number) } }
            var replies = prepared
            let contexts = requests.map { RequestContext(id: $0.1, method: $0.2, connection: self) }
            defer { contexts.forEach { $0.hooks.run() } }
            let answered = await withTaskGroup(of: (Int, OutgoingMessage).self) { group in
                for (request, context) in zip(requests, contexts) {
                    let (index, params) = (request.0, request.3)
                    group.addTask { (index, await self.execute(context, params: params)) }
                }
                var out: [(Int, OutgoingMessage)] = []
                for await pair in group { out.append(pair) }
                return out
            }
            for (index, reply) in answered { replies[index] = reply }
            let lines = replies.compactMap { $0 }
            guard !lines.isEmpty else { return }
            var bytes: [UInt8] = [UInt8(ascii: "[")]
            for (i, reply) in lines.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                reply.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
            await self.writer.send(bytes)
        }
        condition.unlock()
    }

    // MARK: Outgoing

    /// Sends a request to the peer and waits for its answer. Cancelling the
    /// calling task sends the cancel notification and throws CancellationError.
    public func request(_ method: String, params: JSONValue? = nil) async throws -> JSONValue {
        let id: RequestID = condition.withLock {
            defer { state.nextOutgoingID += 1 }
            return .int(state.nextOutgoingID)
        }
        let line = encode(.request(id: id, method: method, params: params.map(OutgoingMessage.Body.value)))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<JSONValue, any Error>) in
                enum Refusal { case closed, cancelled }
                let refusal: Refusal? = condition.withLock {
                    if state.stopped || state.outputClosed { return .closed }
                    // Cancelled before we got here: `onCancel` has already run and
                    // found nothing to cancel, so never send the request at all.
                    if Task.isCancelled { return .cancelled }
                    state.outgoing[id] = cont
                    // Queued under the lock, so a cancel notification (sent after
                    // `onCancel` takes the entry out, under the same lock) can
                    // never overtake the request it cancels.
                    writer.enqueue(line)
                    return nil
                }
                switch refusal {
                case .closed?: cont.resume(throwing: RPCError(code: .internalError, message: "connection closed"))
                case .cancelled?: cont.resume(throwing: CancellationError())
                case nil: break
                }
            }
        } onCancel: {
            let taken = condition.withLock { (state.outgoing.removeValue(forKey: id), state.cancelMethod, state.cancelIDKey) }
            if let cont = taken.0 {
                cont.resume(throwing: CancellationError())
                send(.notification(method: taken.1, params: .value(.object([taken.2: id.json]))))
            }
        }
    }

    public func notify(_ method: String, params: JSONValue? = nil) async {
        await writer.send(encode(.notification(method: method, params: params.map(OutgoingMessage.Body.value))))
    }

    /// A notification whose params are already encoded JSON (hot path for events).
    public func notify(_ method: String, encodedParams: [UInt8]) async {
        await writer.send(encode(.notification(method: method, params: .raw(encodedParams))))
    }

    private func encode(_ message: OutgoingMessage) -> [UInt8] {
        var bytes: [UInt8] = []
        message.write(into: &bytes)
        return bytes
    }

    /// Fire-and-forget send from synchronous code; ordering among these is kept
    /// by the writer's queue.
    private func send(_ message: OutgoingMessage) {
        writer.enqueue(encode(message))
    }
}

/// Domain errors that know their JSON-RPC form conform to this, so the
/// mapping happens once, at the edge.
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}
