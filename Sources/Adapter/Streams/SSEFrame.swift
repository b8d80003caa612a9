import Foundation
import JSON

/// Server-sent event frames as the seed sends them (WIRE.md §6): an
/// `event: connected` first, `event: run.event` frames whose data is the
/// event's JSON on one line, `event: ping` keep-alives. A run stream's frames
/// carry `id: <seq>`, so a browser resumes with `Last-Event-ID`.
enum SSEFrame {
    static func connected(runID: String?, retryMs: Int = 2000) -> [UInt8] {
        var data: [String: JSONValue] = [
            "clientId": .string("client_\(Int64(Date().timeIntervalSince1970 * 1000))_\(UInt32.random(in: .min ... .max))"),
            "ts": .string(now()),
        ]
        if let runID { data["runId"] = .string(runID) }
        return Array("retry: \(retryMs)\nevent: connected\ndata: ".utf8) + JSONWriter.encode(.object(data)) + Array("\n\n".utf8)
    }

    /// A run event; `seq` becomes the frame's id (nil: an unstored token, or a scope stream).
    static func event(_ event: JSONValue, id: Int64?) -> [UInt8] {
        var frame: [UInt8] = []
        if let id { frame += Array("id: \(id)\n".utf8) }
        frame += Array("event: run.event\ndata: ".utf8)
        JSONWriter.write(event, into: &frame)
        frame += Array("\n\n".utf8)
        return frame
    }

    static func ping() -> [UInt8] {
        Array("event: ping\ndata: {\"ts\":\"\(now())\"}\n\n".utf8)
    }

    static let terminalTypes: Set<String> = ["run.completed", "run.failed", "run.cancelled"]

    static func now() -> String { ISO8601.format(Date()) }
}
