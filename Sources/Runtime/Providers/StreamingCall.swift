import HTTP
import JSON

/// One streamed model call over HTTP, shared by every network provider:
/// send, retry while no response has started (WIRE.md §5), then bytes → SSE
/// events → the format's decoder → deltas. Cancelling the consumer cancels
/// the call, which closes the connection. Every error that leaves is a
/// `ProviderError` with the key scrubbed, or a `CancellationError`.
struct StreamingCall<Decoder: LLMStreamDecoder>: Sendable {
    let provider: String
    let configuration: ProviderConfiguration
    let client: HTTPClient
    let request: HTTPRequest
    let decoder: Decoder

    /// Bytes read after the end marker so the connection can be reused.
    static var drainLimit: Int { 1 << 20 }

    func start() -> AsyncThrowingStream<LLMDelta, any Error> {
        let (stream, continuation) = AsyncThrowingStream<LLMDelta, any Error>.makeStream()
        let task = Task {
            do {
                try await run(continuation)
            } catch {
                continuation.finish(throwing: surface(error))
            }
        }
        // A finished stream keeps its task: it may still drain the connection.
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return stream
    }

    private func run(_ continuation: AsyncThrowingStream<LLMDelta, any Error>.Continuation) async throws {
        let response = try await open(continuation)
        var parser = SSEParser()
        var decoder = self.decoder
        let emit: (LLMDelta) -> Void = { continuation.yield($0) }
        var body = response.body.makeAsyncIterator()
        do {
            while !decoder.isDone, let chunk = try await body.next() {
                try parser.feed(chunk) { event in
                    if !decoder.isDone { try decoder.decode(event, emit: emit) }
                }
            }
        } catch let error as HTTPError {
            if error.code == .cancelled { throw CancellationError() }
            // A cut after the model finished loses nothing that matters.
            let failure = ProviderFailure.transport(provider: provider, error, midStream: true, secrets: configuration.secrets)
            do { try decoder.finish(emit: emit) } catch { throw failure }
            continuation.finish()
            return
        }
        parser.finish()
        try decoder.finish(emit: emit)
        continuation.finish()
        var drained = 0
        while drained < Self.drainLimit, let chunk = try? await body.next() { drained += chunk.count }
    }

    /// Sends until a 2xx response starts, yielding `.retrying` before each retry.
    private func open(_ continuation: AsyncThrowingStream<LLMDelta, any Error>.Continuation) async throws -> HTTPResponse {
        var retries = 0
        while true {
            let reason: String
            let delay: Int
            do {
                let response = try await client.send(request)
                if (200..<300).contains(response.status) { return response }
                let body = (try? await response.body.collect(upTo: 1 << 20)) ?? []
                let failure = ProviderFailure.response(provider: provider, status: response.status, body: body, secrets: configuration.secrets)
                guard let wait = configuration.retry.delay(status: response.status, headers: response.headers, retriesSoFar: retries) else { throw failure }
                reason = "HTTP \(response.status)\(failure.errorType.map { " \($0)" } ?? ""): \(failure.message)"
                delay = wait
            } catch let error as HTTPError {
                if error.code == .cancelled { throw CancellationError() }
                let failure = ProviderFailure.transport(provider: provider, error, midStream: false, secrets: configuration.secrets)
                guard error.isTransient, let wait = configuration.retry.delayAfterConnectionFailure(retriesSoFar: retries) else { throw failure }
                reason = failure.message
                delay = wait
            }
            retries += 1
            continuation.yield(.retrying(attempt: retries, reason: reason, delayMs: delay))
            try await Task.sleep(for: .milliseconds(delay))
        }
    }

    private func surface(_ error: any Error) -> any Error {
        if Task.isCancelled || error is CancellationError { return CancellationError() }
        if let error = error as? HTTPError {
            if error.code == .cancelled { return CancellationError() }
            return ProviderFailure.transport(provider: provider, error, midStream: true, secrets: configuration.secrets)
        }
        if var error = error as? ProviderError {
            error.message = Redaction.scrub(error.message, secrets: configuration.secrets)
            error.errorType = error.errorType.map { Redaction.scrub($0, secrets: configuration.secrets) }
            return error
        }
        return ProviderError(provider: provider, message: Redaction.scrub(String(describing: error), secrets: configuration.secrets))
    }
}

extension ProviderConfiguration {
    /// A JSON POST with this configuration's limits and extra headers.
    func post(_ url: String, headers: HTTPHeaders, body: JSONValue) -> HTTPRequest {
        var all = headers
        for field in extraHeaders { all.set(field.name, field.value) }
        return HTTPRequest(method: "POST", url: url, headers: all, body: JSONWriter.encode(body), timeouts: timeouts, maxResponseBytes: maxResponseBytes)
    }
}
