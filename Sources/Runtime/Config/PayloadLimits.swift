import JSON

/// The documented maximum sizes of what a request may carry (config keys
/// `limits.*`, README "Configuration"): a value over its limit is refused
/// with -32011 (`payload_too_large`) naming the field (`data.path`) and the
/// limit in bytes (`data.limit`), before anything is written.
public struct PayloadLimits: Sendable, Hashable {
    /// A run's `input` (`runs/create`, `groups/runs/create`), UTF-8 bytes.
    public var inputBytes = 1_000_000
    /// Any `metadata` object, serialised.
    public var metadataBytes = 65_536
    /// `memory/write` content.
    public var memoryContentBytes = 1_000_000
    /// `blackboard/write` content.
    public var blackboardEntryBytes = 200_000
    /// A skill's instructions (`skills/create`).
    public var skillBytes = 200_000

    public init() {}

    public init(config: Config) {
        func read(_ key: String, _ fallback: Int) -> Int { config.int(key).map(Int.init) ?? fallback }
        inputBytes = read("limits.inputBytes", inputBytes)
        metadataBytes = read("limits.metadataBytes", metadataBytes)
        memoryContentBytes = read("limits.memoryContentBytes", memoryContentBytes)
        blackboardEntryBytes = read("limits.blackboardEntryBytes", blackboardEntryBytes)
        skillBytes = read("limits.skillBytes", skillBytes)
    }

    /// Throws -32011 when `value` is longer than `limit` bytes.
    public static func check(_ value: String?, limit: Int, path: String) throws(RuntimeError) {
        guard let value, value.utf8.count > limit else { return }
        throw tooLarge(path: path, size: value.utf8.count, limit: limit)
    }

    /// Throws -32011 when `value` serialises to more than `limit` bytes.
    public static func check(_ value: JSONValue?, limit: Int, path: String) throws(RuntimeError) {
        guard let value, !value.isNull else { return }
        let size = value.description.utf8.count
        if size > limit { throw tooLarge(path: path, size: size, limit: limit) }
    }

    public static func tooLarge(path: String, size: Int, limit: Int) -> RuntimeError {
        RuntimeError(.tooLarge, "\(path) is \(size) bytes; the limit is \(limit)", path: path,
                     details: ["limit": .int(Int64(limit)), "size": .int(Int64(size))])
    }
}
