import Foundation
import JSON
import RPC
import Runtime

/// `system/health`: liveness and what this process is running on.
enum SystemHealth: HostMethod {
    static let name = "system/health"
    static let summary = "Reports status, version, uptime and the storage backend."
    typealias Params = EmptyParams

    struct Result: Encodable, Sendable {
        var status: String
        var version: String
        var protocolVersion: String
        var uptimeMs: Int64
        var startedAt: String
        var pid: Int32
        var storage: Storage
        /// Absent until storage is open.
        var queue: Queue?
        /// Live OpenTelemetry export, when `otel.endpoint` is set.
        var telemetry: Telemetry?

        /// What the trace exporter did: runs waiting (`queued`), runs and
        /// spans sent, runs dropped because the queue was full, requests
        /// that failed after their retries, and the last error.
        struct Telemetry: Encodable, Sendable {
            var endpoint: String
            var queued: Int
            var exportedRuns: Int
            var exportedSpans: Int
            var droppedRuns: Int
            var failedExports: Int
            var lastError: String?

            enum CodingKeys: String, CodingKey {
                case endpoint, queued
                case exportedRuns = "exported_runs", exportedSpans = "exported_spans", droppedRuns = "dropped_runs"
                case failedExports = "failed_exports", lastError = "last_error"
            }
        }

        /// `state`: opening, ready or unavailable (then `error` says why);
        /// `since`: when the database last became ready or unavailable.
        struct Storage: Encodable, Sendable {
            var backend: String
            var state: String
            var error: String?
            var since: String?
        }

        /// This process's queue worker: runs executed at once (`workers`),
        /// executing now (`running`), waiting in the queue across all tenants
        /// (`pending`, null while the database does not answer), whether it
        /// claims runs at all (`claiming`: on SQLite only the data folder's
        /// owner does), and the owner's pid on SQLite (`owner_pid`, null when
        /// no process owns it, and on PostgreSQL).
        struct Queue: Encodable, Sendable {
            var workers: Int
            var running: Int
            var pending: Int?
            var claiming: Bool
            var ownerPID: Int32?

            enum CodingKeys: String, CodingKey {
                case workers, running, pending, claiming
                case ownerPID = "owner_pid"
            }

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(workers, forKey: .workers)
                try c.encode(running, forKey: .running)
                try c.encode(pending, forKey: .pending)
                try c.encode(claiming, forKey: .claiming)
                try c.encode(ownerPID, forKey: .ownerPID)
            }
        }

        enum CodingKeys: String, CodingKey {
            case status, version, pid, storage, queue, telemetry
            case protocolVersion = "protocol_version", uptimeMs = "uptime_ms", startedAt = "started_at"
        }
    }

    static let paramsSchema = Schema.emptyObject
    static let resultSchema = Schema.object([
        "status": Schema.oneOf(strings: ["ok", "degraded"]),
        "version": Schema.string(),
        "protocol_version": Schema.string(),
        "uptime_ms": Schema.integer(minimum: 0),
        "started_at": Schema.timestamp,
        "pid": Schema.integer(minimum: 1),
        "storage": Schema.object([
            "backend": Schema.oneOf(strings: ["sqlite", "postgres"]),
            "state": Schema.oneOf(strings: ["opening", "ready", "unavailable"]),
            "error": Schema.string(),
            "since": Schema.timestamp,
        ], required: ["backend", "state"]),
        "queue": Schema.object([
            "workers": Schema.integer(minimum: 1),
            "running": Schema.integer(minimum: 0),
            "pending": Schema.nullable(Schema.integer(minimum: 0)),
            "claiming": Schema.boolean,
            "owner_pid": Schema.nullable(Schema.integer(minimum: 1)),
        ], required: ["workers", "running", "pending", "claiming", "owner_pid"]),
        "telemetry": Schema.object([
            "endpoint": Schema.string(), "queued": Schema.integer(minimum: 0), "exported_runs": Schema.integer(minimum: 0),
            "exported_spans": Schema.integer(minimum: 0), "dropped_runs": Schema.integer(minimum: 0), "failed_exports": Schema.integer(minimum: 0),
            "last_error": Schema.string(),
        ], required: ["endpoint", "queued", "exported_runs", "exported_spans", "dropped_runs", "failed_exports"]),
    ], required: ["status", "version", "protocol_version", "uptime_ms", "started_at", "pid", "storage"])

    static let example = Result(
        status: "ok", version: OpenIntern.version, protocolVersion: OpenIntern.protocolVersion, uptimeMs: 1520,
        startedAt: "2026-12-06T20:46:33.120Z", pid: 4242,
        storage: .init(backend: "sqlite", state: "ready", since: "2026-12-06T20:46:33.140Z"),
        queue: .init(workers: 1, running: 0, pending: 0, claiming: true, ownerPID: 4242))

    static func handle(_ params: Params, _ context: HandlerContext) async throws -> Result {
        let host = context.host
        let uptime = ContinuousClock.now - host.uptime
        let (storage, queue) = await host.health()
        return Result(
            status: storage.state == "unavailable" ? "degraded" : "ok", version: OpenIntern.version, protocolVersion: OpenIntern.protocolVersion,
            uptimeMs: uptime.components.seconds * 1000 + uptime.components.attoseconds / 1_000_000_000_000_000,
            startedAt: ISO8601.format(host.startedAt), pid: ProcessInfo.processInfo.processIdentifier, storage: storage, queue: queue,
            telemetry: host.telemetry())
    }
}
