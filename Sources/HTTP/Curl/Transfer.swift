import CCurl
import CCurlShim
import Synchronization

/// One request in flight: its libcurl easy handle, what the callbacks have
/// received, and the consumer waiting for it. Callbacks run on the event loop
/// thread; the consumer runs on any task; they meet in `state`.
final class Transfer: @unchecked Sendable {
    // @unchecked: `easy`, `headerList`, `errorBuffer` and the limits are set in
    // init and never reassigned; the "loop thread only" fields below are read
    // and written solely by the event loop thread (libcurl calls our callbacks
    // from `curl_multi_perform` there); everything a consumer touches lives in
    // `state`, a Mutex.
    let easy: UnsafeMutableRawPointer
    private let headerList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer: UnsafeMutablePointer<CChar>
    let loop: CurlEventLoop
    let idleTimeout: Duration?
    let maxResponseBytes: Int
    let bufferLimit: Int

    // Loop thread only.
    var lastActivity = ContinuousClock.now
    var pausedForConsumer = false
    var receivedBytes = 0
    var headDelivered = false
    var pendingHeaders = HTTPHeaders()
    /// Set by a callback that aborts the transfer, so the completion reports why.
    var abortReason: HTTPError?

    private enum End {
        case finished
        case failed(HTTPError)
    }

    private struct State {
        var head: ResponseHead?
        var headWaiter: CheckedContinuation<ResponseHead, any Error>?
        var chunks: [[UInt8]] = []
        var chunkIndex = 0
        var buffered = 0
        var paused = false
        var end: End?
        var bodyWaiter: CheckedContinuation<[UInt8]?, any Error>?

        mutating func popChunk() -> [UInt8]? {
            guard chunkIndex < chunks.count else { return nil }
            let chunk = chunks[chunkIndex]
            chunks[chunkIndex] = []
            chunkIndex += 1
            buffered -= chunk.count
            if chunkIndex == chunks.count {
                chunks.removeAll(keepingCapacity: true)
                chunkIndex = 0
            }
            return chunk
        }
    }

    private let state = Mutex(State())

    init(_ request: HTTPRequest, loop: CurlEventLoop) throws(HTTPError) {
        // Everything that can fail comes before anything deinit would have to free.
        let headerList = try CurlOptions.headerList(request.headers, omitting: request.omittedHeaders)
        guard let easy = curl_easy_init() else {
            curl_slist_free_all(headerList)
            throw HTTPError(.unavailable, "curl_easy_init failed")
        }
        self.easy = easy
        self.headerList = headerList
        self.loop = loop
        self.idleTimeout = request.timeouts.idle
        self.maxResponseBytes = max(1, request.maxResponseBytes)
        self.bufferLimit = max(64 << 10, request.bufferLimit)
        errorBuffer = .allocate(capacity: Int(oi_curl_error_size()))
        errorBuffer.initialize(repeating: 0, count: Int(oi_curl_error_size()))
        CurlOptions.apply(request, to: easy, headers: headerList, errorBuffer: errorBuffer)
        installCallbacks()
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    private func installCallbacks() {
        let context = UnsafeMutableRawPointer(Unmanaged.passUnretained(self).toOpaque())
        _ = oi_curl_easy_setopt_func(easy, CURLOPT_WRITEFUNCTION) { pointer, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: pointer, count: size * count))
        }
        _ = oi_curl_easy_setopt_ptr(easy, CURLOPT_WRITEDATA, context)
        _ = oi_curl_easy_setopt_func(easy, CURLOPT_HEADERFUNCTION) { pointer, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveHeader(UnsafeRawBufferPointer(start: pointer, count: size * count))
        }
        _ = oi_curl_easy_setopt_ptr(easy, CURLOPT_HEADERDATA, context)
    }

    // MARK: Loop side (callbacks and completion)

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        let count = bytes.count
        guard count > 0 else { return 0 }
        lastActivity = .now
        if receivedBytes + count > maxResponseBytes {
            abortReason = HTTPError(.tooLarge, "the response exceeds \(maxResponseBytes) bytes")
            return 0
        }
        let chunk = Array(bytes)
        enum Outcome { case buffered, pause, abort, deliver(CheckedContinuation<[UInt8]?, any Error>) }
        let limit = bufferLimit
        let outcome = state.withLock { s -> Outcome in
            if s.end != nil { return .abort }
            if let waiter = s.bodyWaiter {
                s.bodyWaiter = nil
                return .deliver(waiter)
            }
            if s.buffered >= limit {
                s.paused = true
                return .pause
            }
            s.chunks.append(chunk)
            s.buffered += count
            return .buffered
        }
        switch outcome {
        case .abort:
            return 0
        case .pause:
            // libcurl keeps these bytes and offers them again after curl_easy_pause(CONT).
            pausedForConsumer = true
            return Int(oi_curl_writefunc_pause())
        case .buffered:
            receivedBytes += count
            return count
        case .deliver(let waiter):
            receivedBytes += count
            waiter.resume(returning: chunk)
            return count
        }
    }

    private func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
        let count = bytes.count
        lastActivity = .now
        receivedBytes += count
        if receivedBytes > maxResponseBytes {
            abortReason = HTTPError(.tooLarge, "the response headers exceed \(maxResponseBytes) bytes")
            return 0
        }
        // Trailers of a chunked body arrive here too; the head is already out.
        guard !headDelivered else { return count }
        var line = Substring(String(decoding: bytes, as: UTF8.self))
        // "\r\n" is a single Character in Swift, hence isNewline.
        while let last = line.last, last.isNewline { line.removeLast() }
        if line.hasPrefix("HTTP/") {
            pendingHeaders = HTTPHeaders()
        } else if line.isEmpty {
            let status = responseCode()
            // 1xx heads (100 Continue, 103 Early Hints) are followed by the real one.
            if status < 100 || status >= 200 {
                headDelivered = true
                deliverHead(ResponseHead(status: status, headers: pendingHeaders))
            }
        } else if line.first == " " || line.first == "\t" {
            // obs-fold: a continuation of the previous field's value.
            if var last = pendingHeaders.fields.last {
                last.value += " " + line.trimmingSpaces()
                pendingHeaders.remove(last.name)
                pendingHeaders.add(last.name, last.value)
            }
        } else if let colon = line.firstIndex(of: ":") {
            pendingHeaders.add(String(line[..<colon]), line[line.index(after: colon)...].trimmingSpaces())
        }
        return count
    }

    func responseCode() -> Int {
        var code = 0
        _ = oi_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    private func deliverHead(_ head: ResponseHead) {
        let waiter = state.withLock { s -> CheckedContinuation<ResponseHead, any Error>? in
            s.head = head
            defer { s.headWaiter = nil }
            return s.headWaiter
        }
        waiter?.resume(returning: head)
    }

    /// Called by the loop once the handle is out of the multi handle.
    func complete(_ error: HTTPError?) {
        let head = ResponseHead(status: responseCode(), headers: pendingHeaders)
        headDelivered = true
        let (headWaiter, bodyWaiter) = state.withLock { s in
            guard s.end == nil else { return (CheckedContinuation<ResponseHead, any Error>?.none, CheckedContinuation<[UInt8]?, any Error>?.none) }
            s.end = error.map { .failed($0) } ?? .finished
            if s.head == nil, error == nil { s.head = head }
            let headWaiter = s.headWaiter
            s.headWaiter = nil
            var bodyWaiter: CheckedContinuation<[UInt8]?, any Error>?
            if s.chunkIndex == s.chunks.count {
                bodyWaiter = s.bodyWaiter
                s.bodyWaiter = nil
            }
            return (headWaiter, bodyWaiter)
        }
        if let error {
            headWaiter?.resume(throwing: error)
            bodyWaiter?.resume(throwing: error)
        } else {
            headWaiter?.resume(returning: head)
            bodyWaiter?.resume(returning: nil)
        }
    }

    // MARK: Consumer side

    func awaitHead() async throws -> ResponseHead {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<ResponseHead, any Error>) in
                let ready = state.withLock { s -> Result<ResponseHead, HTTPError>? in
                    if let head = s.head { return .success(head) }
                    if case .failed(let error) = s.end { return .failure(error) }
                    if case .finished = s.end { return .failure(HTTPError(.transport, "the transfer ended without a response")) }
                    s.headWaiter = waiter
                    return nil
                }
                if let ready { waiter.resume(with: ready) }
            }
        } onCancel: {
            self.cancel(.cancelledByCaller)
        }
    }

    func nextChunk() async throws -> [UInt8]? {
        if Task.isCancelled {
            cancel(.cancelledByCaller)
            throw HTTPError.cancelledByCaller
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<[UInt8]?, any Error>) in
                let limit = bufferLimit
                let (ready, resumeTransfer) = state.withLock { s -> (Result<[UInt8]?, HTTPError>?, Bool) in
                    if let chunk = s.popChunk() {
                        var resume = false
                        if s.paused, s.buffered <= limit / 2 {
                            s.paused = false
                            resume = true
                        }
                        return (.success(chunk), resume)
                    }
                    switch s.end {
                    case .finished: return (.success(nil), false)
                    case .failed(let error): return (.failure(error), false)
                    case nil:
                        s.bodyWaiter = waiter
                        return (nil, false)
                    }
                }
                if resumeTransfer { loop.resume(self) }
                if let ready { waiter.resume(with: ready) }
            }
        } onCancel: {
            self.cancel(.cancelledByCaller)
        }
    }

    /// Ends the transfer with `error` unless it already ended; wakes any waiter
    /// and has the loop remove the handle (which closes its connection).
    func cancel(_ error: HTTPError) {
        let (headWaiter, bodyWaiter, changed) = state.withLock { s in
            guard s.end == nil else { return (CheckedContinuation<ResponseHead, any Error>?.none, CheckedContinuation<[UInt8]?, any Error>?.none, false) }
            s.end = .failed(error)
            s.chunks = []
            s.chunkIndex = 0
            s.buffered = 0
            defer {
                s.headWaiter = nil
                s.bodyWaiter = nil
            }
            return (s.headWaiter, s.bodyWaiter, true)
        }
        headWaiter?.resume(throwing: error)
        bodyWaiter?.resume(throwing: error)
        if changed { loop.remove(self) }
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
