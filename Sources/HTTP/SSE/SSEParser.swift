/// An incremental `text/event-stream` parser (WHATWG HTML §9.2 "Server-sent
/// events"). Feed it bytes exactly as they arrive — chunks may split a line,
/// a CRLF pair or a multi-byte UTF-8 character anywhere; lines are decoded
/// only once complete. Pure: no I/O, no clock.
///
/// Like the OpenAI and Anthropic SDK decoders (and unlike browsers), an event
/// with no data is still dispatched when it set `event`, `id` or `retry`; a
/// block of comments alone dispatches nothing. An event not closed by a blank
/// line before the end of the stream is discarded.
public struct SSEParser: Sendable {
    private var pending: [UInt8] = []
    private var afterCR = false
    private var bomMatched = 0
    private var bomDone = false
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType: String?
    private var idSeen = false
    private var retrySeen: Int?

    /// The last `id:` seen (persists across events; an empty `id:` resets it).
    public private(set) var lastEventID: String?
    /// The last valid `retry:` seen, in milliseconds.
    public private(set) var reconnectionTime: Int?

    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    public init() {}

    /// Parses `bytes` and calls `onEvent` for every event they complete.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ onEvent: (SSEEvent) throws -> Void) rethrows {
        let count = bytes.count
        var start = 0
        if !bomDone {
            // A leading BOM is skipped, even when it arrives split across chunks.
            while !bomDone, start < count {
                if bytes[start] == Self.bom[bomMatched] {
                    bomMatched += 1
                    start += 1
                    if bomMatched == 3 { bomDone = true }
                } else {
                    pending.append(contentsOf: Self.bom[0..<bomMatched])
                    bomDone = true
                }
            }
        }
        var index = start
        var lineStart = start
        while index < count {
            if afterCR {
                afterCR = false
                if bytes[index] == Self.lf {
                    index += 1
                    lineStart = index
                    continue
                }
            }
            while index < count, bytes[index] != Self.lf, bytes[index] != Self.cr { index += 1 }
            guard index < count else { break }
            afterCR = bytes[index] == Self.cr
            let line = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<index])
            if pending.isEmpty {
                try processLine(line, onEvent)
            } else {
                pending.append(contentsOf: line)
                var joined = pending
                pending = []
                try joined.withUnsafeBytes { try processLine($0, onEvent) }
                joined.removeAll(keepingCapacity: true)
                pending = joined
            }
            index += 1
            lineStart = index
        }
        if lineStart < count { pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<count])) }
    }

    public mutating func feed(_ bytes: [UInt8], _ onEvent: (SSEEvent) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { try feed($0, onEvent) }
    }

    /// Parses `bytes` and returns the events they complete.
    public mutating func feed(_ bytes: [UInt8]) -> [SSEEvent] {
        var events: [SSEEvent] = []
        feed(bytes) { events.append($0) }
        return events
    }

    /// The stream ended: an unterminated line or event is dropped, per spec.
    public mutating func finish() {
        pending = []
        afterCR = false
        resetEvent()
    }

    private mutating func processLine(_ line: UnsafeRawBufferPointer, _ onEvent: (SSEEvent) throws -> Void) rethrows {
        guard let first = line.first else { return try dispatch(onEvent) }
        if first == UInt8(ascii: ":") { return }
        var fieldEnd = 0
        while fieldEnd < line.count, line[fieldEnd] != UInt8(ascii: ":") { fieldEnd += 1 }
        var valueStart = min(fieldEnd + 1, line.count)
        if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let field = UnsafeRawBufferPointer(rebasing: line[0..<fieldEnd])
        let value = UnsafeRawBufferPointer(rebasing: line[valueStart...])
        if Self.equals(field, "data") {
            if hasData { data.append(Self.lf) }
            data.append(contentsOf: value)
            hasData = true
        } else if Self.equals(field, "event") {
            eventType = String(decoding: value, as: UTF8.self)
        } else if Self.equals(field, "id") {
            guard !value.contains(0) else { return }
            lastEventID = value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
            idSeen = true
        } else if Self.equals(field, "retry") {
            guard !value.isEmpty, value.count <= 18, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return }
            let ms = value.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            reconnectionTime = ms
            retrySeen = ms
        }
    }

    private mutating func dispatch(_ onEvent: (SSEEvent) throws -> Void) rethrows {
        guard hasData || eventType != nil || idSeen || retrySeen != nil else { return }
        let event = SSEEvent(event: eventType ?? "message", data: String(decoding: data, as: UTF8.self), id: lastEventID, retry: retrySeen)
        resetEvent()
        try onEvent(event)
    }

    private mutating func resetEvent() {
        data.removeAll(keepingCapacity: true)
        hasData = false
        eventType = nil
        idSeen = false
        retrySeen = nil
    }

    private static func equals(_ bytes: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        let expected = UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        return bytes.elementsEqual(expected)
    }
}
