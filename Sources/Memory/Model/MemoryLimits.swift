/// The documented size limits of memory input (docs/memory.md). Requests
/// beyond them are refused with the field named, before anything is written.
public struct MemoryLimits: Sendable, Hashable {
    /// Largest document `memory/write` accepts, in UTF-8 bytes.
    public var maxContentBytes = 1_000_000
    public var maxTitleBytes = 512
    public var maxURIBytes = 2048
    /// Largest `metadata` object, serialised.
    public var maxMetadataBytes = 65_536
    /// Longest search query, in characters.
    public var maxQueryChars = 4096
    /// Largest `k` of a search.
    public var maxResults = 100
    /// Characters a core block may hold unless its row says otherwise.
    public var coreBlockChars = 2000
    /// Core blocks per (scope, role).
    public var maxCoreBlocks = 16

    public init() {}

    public static let standard = MemoryLimits()
}
