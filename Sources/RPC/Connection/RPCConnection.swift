import Foundation

/// One JSON-RPC 2.0 peer over a pair of file descriptors. It reads lines,
/// answers requests from `table` (each in its own task, in any order, matched
/// by id), honours cancellation, and can itself send requests and
/// notifications to the other side. All output goes through one writer.
public actor RPCConnection {
    public nonisolated let table: MethodTable
    private let options: ConnectionOptions
    private let reader: FileDescriptorReader
    private let writer: FileDescriptorWriter

    private var inflight: [RequestID: Task<Void, Never>] = [:]
    private var cancelled: Set<RequestID> = []
    private var outgoing: [RequestID: CheckedContinuation<JSONValue, any Error>] = [:]
    private var nextOutgoingID: Int64 = 1
    private var initialized = false
    private var shuttingDown = false
    private var stopped = false

    public init(input: Int32, output: Int32, table: MethodTable, options: ConnectionOptions = ConnectionOptions()) {
        self.table = table
        self.options = options
        self.reader = FileDescriptorReader(fd: input, maxLineBytes: options.maxLineBytes)
        self.writer = FileDescriptorWriter(fd: output)
        self.initialized = options.initializeMethod == nil
    }

    /// Reads until the input ends or `stop()` is called, then cancels what is
    /// still running, fails pending outgoing requests and flushes the output.
    public func run() async {
        reader.start()
        while !stopped, let event = await reader.events.next() {
            switch event {
            case .oversized(let count):
                options.log(.warning, "discarded a \(count)-byte line over the \(options.maxLineBytes)-byte limit")
                await send(.errorResponse(id: nil, error: RPCError(
                    code: .invalidRequest,
                    message: "invalid request: line of \(count) bytes exceeds the \(options.maxLineBytes)-byte limit",
                    data: ["max_line_bytes": .int(Int64(options.maxLineBytes))])))
            case .line(let bytes):
                await handleLine(bytes)
            }
        }
        await finish()
    }

    /// Ends `run()` after the current line.
    public func stop() {
        stopped = true
        reader.events.finish()
    }

    /// After `shutdown`, new requests are refused (LSP semantics).
    public func beginShutdown() { shuttingDown = true }

    public var isInitialized: Bool { initialized }

    private func finish() async {
        for task in inflight.values { task.cancel() }
        for task in inflight.values { await task.value }
        inflight = [:]
        let pending = outgoing
        outgoing = [:]
        for cont in pending.values { cont.resume(throwing: RPCError(code: .internalError, message: "connection closed")) }
        await writer.flush()
        writer.close()
    }

    // MARK: Incoming

    private func handleLine(_ bytes: [UInt8]) async {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, maxDepth: options.maxDepth)
        } catch {
            await send(.errorResponse(id: nil, error: RPCError(
                code: .parseError, message: "parse error: \(error.message)",
                data: ["offset": .int(Int64(error.offset))])))
            return
        }
        if case .array(let members) = value {
            await handleBatch(members)
        } else {
            await handleSingle(value)
        }
    }

    private func handleSingle(_ value: JSONValue) async {
        let message: Message
        do {
            message = try Message(json: value)
        } catch {
            await send(.errorResponse(id: error.id, error: .invalidRequest(error.reason)))
            return
        }
        switch message {
        case .request(let id, let method, let params):
            if let refusal = gate(id: id, method: method) {
                await send(.errorResponse(id: id, error: refusal))
                return
            }
            if method == options.initializeMethod {
                let reply = await execute(id: id, method: method, params: params)
                if case .response = reply { initialized = true }
                await send(reply)
                return
            }
            inflight[id] = Task { [weak self] in
                guard let self else { return }
                let reply = await self.execute(id: id, method: method, params: params)
                await self.complete(id: id, reply: reply)
            }
        case .notification(let method, let params):
            handleNotification(method: method, params: params)
        case .response(let id, let result):
            outgoing.removeValue(forKey: id)?.resume(returning: result)
        case .errorResponse(let id, let error):
            if let id, let cont = outgoing.removeValue(forKey: id) {
                cont.resume(throwing: error)
            } else {
                options.log(.warning, "peer sent an error without a matching request: \(error.message)")
            }
        }
    }

    private func gate(id: RequestID, method: String) -> RPCError? {
        if inflight[id] != nil {
            return .invalidRequest("id \(id) is already in use by a request in flight")
        }
        if !initialized && method != options.initializeMethod {
            return RPCError(code: .notInitialized, message: "not initialized: send initialize first")
        }
        if initialized && method == options.initializeMethod {
            return .invalidRequest("initialize may be sent only once")
        }
        if shuttingDown {
            return .invalidRequest("the server is shutting down")
        }
        return nil
    }

    private func handleNotification(method: String, params: JSONValue?) {
        if method == options.cancelMethod {
            if let raw = params?[options.cancelIDKey], let id = RequestID(raw), let task = inflight[id] {
                cancelled.insert(id)
                task.cancel()
            }
            return
        }
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

    private func complete(id: RequestID, reply: OutgoingMessage) async {
        inflight[id] = nil
        cancelled.remove(id)
        await send(reply)
    }

    private func execute(id: RequestID, method: String, params: JSONValue?) async -> OutgoingMessage {
        guard let entry = table[method], !entry.isNotification else {
            return .errorResponse(id: id, error: .methodNotFound(method))
        }
        let context = RequestContext(id: id, method: method, connection: self)
        do {
            let bytes = try await entry.handler(params, context)
            return .response(id: id, result: .raw(bytes))
        } catch let error as RPCError {
            return .errorResponse(id: id, error: error)
        } catch is CancellationError {
            return .errorResponse(id: id, error: .cancelled)
        } catch {
            if cancelled.contains(id) { return .errorResponse(id: id, error: .cancelled) }
            if let mapped = (error as? any RPCErrorConvertible)?.rpcError {
                return .errorResponse(id: id, error: mapped)
            }
            options.log(.error, "\(method) failed: \(error)")
            return .errorResponse(id: id, error: RPCError(code: .internalError, message: "internal error: \(error)"))
        }
    }

    private func handleBatch(_ members: [JSONValue]) async {
        if members.isEmpty {
            await send(.errorResponse(id: nil, error: .invalidRequest("an empty batch")))
            return
        }
        var replies: [OutgoingMessage?] = Array(repeating: nil, count: members.count)
        var requests: [(Int, RequestID, String, JSONValue?)] = []
        for (index, member) in members.enumerated() {
            let message: Message
            do { message = try Message(json: member) } catch {
                replies[index] = .errorResponse(id: error.id, error: .invalidRequest(error.reason))
                continue
            }
            switch message {
            case .request(let id, let method, let params):
                if let refusal = gate(id: id, method: method) {
                    replies[index] = .errorResponse(id: id, error: refusal)
                } else {
                    requests.append((index, id, method, params))
                }
            default:
                await handleSingle(member)
            }
        }
        let answered = await withTaskGroup(of: (Int, OutgoingMessage).self) { group in
            for (index, id, method, params) in requests {
                group.addTask { (index, await self.execute(id: id, method: method, params: params)) }
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
        await writer.send(bytes)
    }

    // MARK: Outgoing

    /// Sends a request to the peer and waits for its answer. Cancelling the
    /// calling task sends the cancel notification and throws CancellationError.
    public func request(_ method: String, params: JSONValue? = nil) async throws -> JSONValue {
        let id = RequestID.int(nextOutgoingID)
        nextOutgoingID += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<JSONValue, any Error>) in
                if stopped {
                    cont.resume(throwing: RPCError(code: .internalError, message: "connection closed"))
                    return
                }
                outgoing[id] = cont
                Task { await self.send(.request(id: id, method: method, params: params.map(OutgoingMessage.Body.value))) }
            }
        } onCancel: {
            Task { await self.abandon(id) }
        }
    }

    private func abandon(_ id: RequestID) async {
        guard let cont = outgoing.removeValue(forKey: id) else { return }
        cont.resume(throwing: CancellationError())
        await notify(options.cancelMethod, params: .object([options.cancelIDKey: id.json]))
    }

    public func notify(_ method: String, params: JSONValue? = nil) async {
        await send(.notification(method: method, params: params.map(OutgoingMessage.Body.value)))
    }

    /// A notification whose params are already encoded JSON (hot path for events).
    public func notify(_ method: String, encodedParams: [UInt8]) async {
        await send(.notification(method: method, params: .raw(encodedParams)))
    }

    private func send(_ message: OutgoingMessage) async {
        var bytes: [UInt8] = []
        message.write(into: &bytes)
        await writer.send(bytes)
    }

}

/// Domain errors that know their JSON-RPC form conform to this, so the
/// mapping happens once, at the edge.
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}
