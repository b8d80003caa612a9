import JSON

/// A Feishu connector's `config` (the seed's): what to sync and how. The
/// host's schema checks ranges; this fills the seed's defaults.
public struct FeishuConnectorConfig: Sendable, Equatable {
    public var folderTokens: [String]
    public var wikiNodeTokens: [String]
    public var fileTokens: [String]
    public var bitableAppTokens: [String]
    public var pollIntervalSeconds: Int
    public var maxDocsPerSync: Int
    public var maxRecordsPerTable: Int
    public var targetTokens: Int
    public var maxTokens: Int
    public var minTokens: Int
    public var mediaContextBlocks: Int

    public init(_ json: JSONValue) {
        func strings(_ key: String) -> [String] { json[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        func int(_ value: JSONValue?, _ fallback: Int) -> Int { value?.intValue.map(Int.init) ?? fallback }
        folderTokens = strings("folder_tokens")
        wikiNodeTokens = strings("wiki_node_tokens")
        fileTokens = strings("file_tokens")
        bitableAppTokens = strings("bitable_app_tokens")
        pollIntervalSeconds = int(json["poll_interval_seconds"], 300)
        maxDocsPerSync = int(json["max_docs_per_sync"], 200)
        maxRecordsPerTable = int(json["max_records_per_table"], 500)
        let chunking = json["chunking"] ?? [:]
        targetTokens = int(chunking["target_tokens"], 600)
        maxTokens = int(chunking["max_tokens"], 1100)
        minTokens = int(chunking["min_tokens"], 120)
        mediaContextBlocks = int(chunking["media_context_blocks"], 2)
    }

    /// The stored form, every default written out.
    public var json: JSONValue {
        [
            "folder_tokens": .array(folderTokens.map(JSONValue.string)), "wiki_node_tokens": .array(wikiNodeTokens.map(JSONValue.string)),
            "file_tokens": .array(fileTokens.map(JSONValue.string)), "bitable_app_tokens": .array(bitableAppTokens.map(JSONValue.string)),
            "poll_interval_seconds": .int(Int64(pollIntervalSeconds)), "max_docs_per_sync": .int(Int64(maxDocsPerSync)),
            "max_records_per_table": .int(Int64(maxRecordsPerTable)),
            "chunking": ["target_tokens": .int(Int64(targetTokens)), "max_tokens": .int(Int64(maxTokens)), "min_tokens": .int(Int64(minTokens)),
                         "media_context_blocks": .int(Int64(mediaContextBlocks))],
        ]
    }
}
