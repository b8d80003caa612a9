import Foundation
import Hummingbird
import JSON
import REST

/// A job's progress as server-sent events: the stored events after the
/// resume point, then new ones as the host stores them (read with
/// `jobs/events`, so a job another process resumes streams the same way),
/// each an unnamed `data:` frame with `id: seq` and the seed's MinerU
/// progress fields; `event: done` after the terminal event.
extension EventStreams {
    func job(_ request: Request, jobID: String, scope: JSONValue, query: [(name: String, value: String)]) async throws -> Response {
        let start = try RequestReading.resumePoint(request, query: query)
        _ = try await host.call("jobs/get", ["job_id": .string(jobID), "scope": scope])
        let host = self.host, feeds = self.feeds, ping = self.ping
        return Response(status: .ok, headers: Self.headers, body: ResponseBody { writer in
            let queue = ClientQueue()
            queue.push(SSEFrame.connected(runID: nil))
            let poller = Task {
                var after = start
                while !Task.isCancelled {
                    guard let page = try? await host.call("jobs/events", ["job_id": .string(jobID), "after_seq": .int(after), "scope": scope]) else {
                        queue.finish()
                        return
                    }
                    for event in page["events"]?.arrayValue ?? [] {
                        after = event["seq"]?.intValue ?? after
                        queue.push(JobFrames.event(event))
                        if JobFrames.isTerminal(event) {
                            queue.push(JobFrames.done(event))
                            queue.finish()
                            return
                        }
                    }
                    let state = page["state"]?.stringValue ?? ""
                    if (page["events"]?.arrayValue ?? []).isEmpty && ["completed", "failed", "cancelled"].contains(state) {
                        // Resumed after the terminal event: nothing more will come.
                        queue.push(JobFrames.done(["job_id": .string(jobID), "type": .string("job.\(state)")]))
                        queue.finish()
                        return
                    }
                    try? await Task.sleep(for: .milliseconds(250))
                }
            }
            await feeds.counting(queue) {
                await Self.pump(queue, to: &writer, request: request, ping: ping)
            }
            poller.cancel()
            try? await writer.finish(nil)
        })
    }
}

enum JobFrames {
    static func isTerminal(_ event: JSONValue) -> Bool {
        ["job.completed", "job.failed", "job.cancelled"].contains(event["type"]?.stringValue ?? "")
    }

    /// The event, with the seed's `{file_index, filename, status, memory_id?, chunk_count?, error?}` beside its own fields.
    static func event(_ event: JSONValue) -> [UInt8] {
        var data = event.objectValue ?? [:]
        let payload = event["payload"] ?? [:]
        data["file_index"] = 0
        data["filename"] = payload["result"]?["title"] ?? .null
        data["status"] = switch event["type"]?.stringValue {
        case "job.completed": "completed"
        case "job.failed", "job.cancelled": "failed"
        default: "processing"
        }
        if let id = payload["memory_id"] ?? payload["result"]?["memory_id"] { data["memory_id"] = id }
        if let count = payload["chunk_count"] ?? payload["result"]?["chunk_count"] { data["chunk_count"] = count }
        if let error = payload["error"] { data["error"] = error }
        var frame = Array("id: \(event["seq"]?.intValue ?? 0)\ndata: ".utf8)
        JSONWriter.write(.object(data), into: &frame)
        return frame + Array("\n\n".utf8)
    }

    static func done(_ event: JSONValue) -> [UInt8] {
        var frame = Array("event: done\ndata: ".utf8)
        JSONWriter.write(["job_id": event["job_id"] ?? .null, "type": event["type"] ?? .null], into: &frame)
        return frame + Array("\n\n".utf8)
    }
}
