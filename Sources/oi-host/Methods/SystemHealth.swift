import RPC
import Runtime

/// `system/health`: liveness and what this process is running on.
enum SystemHealth: RPCMethod {
    static let name = "system/health"
    static let summary = "Reports status, version, uptime and the storage backend."
    typealias Params = EmptyParams

    struct Result: Codable, Sendable {
        var status: String
        var version: String
        var protocolVersion: String
        var uptimeMs: Int64
        var startedAt: String
        var pid: Int32
        var storage: Storage

        struct Storage: Codable, Sendable {
            var backend: String
            var state: String
            var error: String?
        }

        enum CodingKeys: String, CodingKey {
            case status, version, pid, storage
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
        ], required: ["backend", "state"]),
    ], required: ["status", "version", "protocol_version", "uptime_ms", "started_at", "pid", "storage"])
}
