import Hummingbird
import HTTPTypes
import JSON
import Logging
import REST

/// The two server-sent event routes. Input is checked before the stream
/// starts, so a bad scope or an unknown run is a JSON error, never a stream;
/// the subscription itself is made inside the response body, so it ends
/// with it whatever happens to the connection.
struct EventStreams: Sendable {
    let host: HostLink
    let feeds: RunFeeds
    let ping: Duration
    let logger: Logger

    static let headers: HTTPFields = [
        .contentType: "text/event-stream", .cacheControl: "no-cache", .connection: "keep-alive", HTTPField.Name("x-accel-buffering")!: "no",
    ]

    /// `GET /api/runs/{run_id}/stream`: the run's events with `id: seq`, from
    /// the resume point, ending after its last event.
    func run(_ request: Request, runID: String, scope: JSONValue, query: [(name: String, value: String)]) async throws -> Response {
        let after = try RequestReading.resumePoint(request, query: query)
        _ = try await host.call("runs/get", ["run_id": .string(runID), "scope": scope])
        let feeds = self.feeds, ping = self.ping
        return Response(status: .ok, headers: Self.headers, body: ResponseBody { writer in
            let queue = ClientQueue()
            queue.push(SSEFrame.connected(runID: runID))
            let joined = feeds.join(runID: runID, scope: scope, after: after, queue: queue)
            if joined == nil { queue.finish() }
            await feeds.counting(queue) {
                await Self.pump(queue, to: &writer, request: request, ping: ping)
            }
            if let (feed, client) = joined { feed.leave(client) }
            try? await writer.finish(nil)
        })
    }

    /// `GET /api/stream`: every run of the scope (or a session) live, without ids.
    func scope(_ request: Request, params: JSONValue) async throws -> Response {
        // The same params checked by a cheap read first: a bad session key or scope is a 400 here.
        var check = params.objectValue ?? [:]
        check["limit"] = 1
        _ = try await host.call("runs/list", .object(check))
        let host = self.host, feeds = self.feeds, ping = self.ping, logger = self.logger
        return Response(status: .ok, headers: Self.headers, body: ResponseBody { writer in
            let queue = ClientQueue()
            queue.push(SSEFrame.connected(runID: nil))
            var subscription: HostSubscription?
            do {
                subscription = try await host.subscribe(params) { message in
                    switch message {
                    case .event(let event): queue.push(SSEFrame.event(event, id: nil))
                    case .ended: queue.finish()
                    }
                }
            } catch {
                logger.warning("scope stream could not subscribe", metadata: ["error": .string("\(error)")])
                queue.finish()
            }
            await feeds.counting(queue) {
                await Self.pump(queue, to: &writer, request: request, ping: ping)
            }
            await subscription?.close()
            try? await writer.finish(nil)
        })
    }

    /// Writes what the queue holds as it comes, with a ping frame every
    /// `ping`, until the queue ends or the client goes away (the inbound
    /// side closing cancels the wait at once).
    static func pump(_ queue: ClientQueue, to writer: inout any ResponseBodyWriter, request: Request, ping: Duration) async {
        do {
            try await request.body.consumeWithCancellationOnInboundClose { _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        while true {
                            try await Task.sleep(for: ping)
                            queue.push(SSEFrame.ping())
                        }
                    }
                    while let frames = await queue.next() {
                        var buffer = ByteBuffer()
                        for frame in frames { buffer.writeBytes(frame) }
                        try await writer.write(buffer)
                    }
                    group.cancelAll()
                }
            }
        } catch {
            queue.finish()
        }
    }
}
