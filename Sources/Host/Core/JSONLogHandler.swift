import Foundation
import JSON
import Logging
import Runtime
import Store
import Synchronization

/// `log.format: json`: one JSON object per line on stderr — `ts` (RFC 3339,
/// ms), `level`, `logger` (the label), `message`, then the metadata as
/// members (the run's `run_id`, `step`, `org_id`, `user_id`, `project_id`
/// from `RunLogContext`, and whatever the call site adds). A metadata key
/// that would shadow one of the four is written as `meta.<key>`.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    static let reserved: Set<String> = ["ts", "level", "logger", "message"]
    /// Lines from several threads never interleave.
    private static let output = Mutex(())

    init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider?) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out += Array(#"{"ts":"#.utf8)
        JSONWriter.writeString(Timestamp.format(Date()), into: &out)
        out += Array(#","level":"#.utf8)
        JSONWriter.writeString(event.level.rawValue, into: &out)
        out += Array(#","logger":"#.utf8)
        JSONWriter.writeString(label, into: &out)
        out += Array(#","message":"#.utf8)
        JSONWriter.writeString(event.message.description, into: &out)
        for key in merged.keys.sorted() {
            out.append(UInt8(ascii: ","))
            JSONWriter.writeString(Self.reserved.contains(key) ? "meta.\(key)" : key, into: &out)
            out.append(UInt8(ascii: ":"))
            out += Array(Self.json(merged[key]!).description.utf8)
        }
        out += Array("}\n".utf8)
        Self.output.withLock { _ in
            out.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(STDERR_FILENO, raw.baseAddress! + offset, raw.count - offset)
                    if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { break }
                }
            }
        }
    }

    /// Strings stay strings; a step or a count that was logged as a number reads as one.
    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .stringConvertible(let c):
            if let n = c as? any BinaryInteger { return .int(Int64(n)) }
            if let b = c as? Bool { return .bool(b) }
            return .string(c.description)
        case .array(let items): return .array(items.map(json))
        case .dictionary(let members): return .object(members.mapValues(json))
        }
    }
}
