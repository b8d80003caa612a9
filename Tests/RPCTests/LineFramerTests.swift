import Testing
@testable import RPC

@Suite struct LineFramerTests {
    func feed(_ framer: inout LineFramer, _ chunks: [String]) -> [LineFramer.Event] {
        feed(&framer, chunks.map { Array($0.utf8) })
    }

    func feed(_ framer: inout LineFramer, _ chunks: [[UInt8]]) -> [LineFramer.Event] {
        var events: [LineFramer.Event] = []
        for chunk in chunks {
            chunk.withUnsafeBytes { framer.feed($0) { events.append($0) } }
        }
        return events
    }

    func lines(_ texts: String...) -> [LineFramer.Event] { texts.map { .line(Array($0.utf8)) } }

    @Test func splitsLinesAcrossChunksAndStripsCR() {
        var framer = LineFramer(maxLineBytes: 100)
        let events = feed(&framer, ["ab", "c\r\nde", "f\n\n"])
        #expect(events == lines("abc", "def", ""))
    }

    @Test func aCRAndItsNewlineInDifferentChunksEndOneLine() {
        var framer = LineFramer(maxLineBytes: 100)
        #expect(feed(&framer, ["one\r", "\ntwo\r", "\n", "thr", "ee\n"]) == lines("one", "two", "three"))
    }

    @Test func manyLinesInOneChunkAndAPartialOneCarriedOver() {
        var framer = LineFramer(maxLineBytes: 100)
        #expect(feed(&framer, ["a\nbb\r\nccc\nhalf", "-done\n"]) == lines("a", "bb", "ccc", "half-done"))
    }

    @Test func aLineOfExactlyTheLimitIsKeptAndOneByteMoreIsDropped() {
        var framer = LineFramer(maxLineBytes: 4)
        let events = feed(&framer, ["abcd\nabcde\nok\n"])
        #expect(events == lines("abcd") + [.oversized(OversizedLine(byteCount: 5, head: Array("abcde".utf8), tail: Array("abcde".utf8)))] + lines("ok"))
    }

    @Test func dropsAnOversizedLineWithoutBufferingItAndRecovers() {
        var framer = LineFramer(maxLineBytes: 10)
        let events = feed(&framer, ["0123456789", "ABCDEF", "GHIJ", "KL\nok\n"])
        let line = Array("0123456789ABCDEFGHIJKL".utf8)
        #expect(events == [.oversized(OversizedLine(byteCount: 22, head: Array(line.prefix(16)), tail: line))] + lines("ok"))
    }

    @Test func anOversizedLineEndingInCRIsCountedWithoutIt() {
        var framer = LineFramer(maxLineBytes: 3)
        let events = feed(&framer, ["abcdef\r", "\nok\r\n"])
        #expect(events == [.oversized(OversizedLine(byteCount: 6, head: Array("abcdef\r".utf8), tail: Array("abcdef".utf8)))] + lines("ok"))
    }

    @Test func anOversizedLineKeepsItsFirstAndLastBytes() {
        let edge = OversizedLine.edgeBytes
        var framer = LineFramer(maxLineBytes: 1000)
        let first = [UInt8](repeating: UInt8(ascii: "h"), count: edge)
        let middle = [UInt8](repeating: UInt8(ascii: "m"), count: 3 * edge + 7)
        let last = [UInt8](repeating: UInt8(ascii: "t"), count: edge)
        // Chunks of every size, and a newline right at a chunk's start.
        let chunks: [[UInt8]] = [Array(first.prefix(10)), Array(first.dropFirst(10)) + Array(middle.prefix(5)), Array(middle.dropFirst(5)),
                                 Array(last.prefix(edge - 1)), Array(last.suffix(1)), Array("\nnext\n".utf8)]
        let events = feed(&framer, chunks)
        #expect(events == [.oversized(OversizedLine(byteCount: 5 * edge + 7, head: first, tail: last))] + lines("next"))
    }

    @Test func reportsAnUnterminatedLastLine() {
        var framer = LineFramer(maxLineBytes: 10)
        _ = feed(&framer, ["tail"])
        var events: [LineFramer.Event] = []
        framer.finish { events.append($0) }
        #expect(events == lines("tail"))
    }

    @Test func reportsAnUnterminatedOversizedLastLine() {
        var framer = LineFramer(maxLineBytes: 2)
        _ = feed(&framer, ["tail"])
        var events: [LineFramer.Event] = []
        framer.finish { events.append($0) }
        #expect(events == [.oversized(OversizedLine(byteCount: 4, head: Array("tail".utf8), tail: Array("tail".utf8)))])
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4095, 4096, 65_536])
    func anyChunkingGivesTheSameLines(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        var text: [UInt8] = []
        var expected: [LineFramer.Event] = []
        for _ in 0..<2000 {
            let length = Int(rng.next() % 300)
            let line = (0..<length).map { _ in UInt8(ascii: "a") + UInt8(rng.next() % 26) }
            expected.append(.line(line))
            text += line + (rng.next() % 5 == 0 ? [0x0D, 0x0A] : [0x0A])
        }
        var framer = LineFramer(maxLineBytes: 1 << 20)
        var chunks: [[UInt8]] = []
        var offset = 0
        while offset < text.count {
            let n = min(text.count - offset, 1 + Int(rng.next() % 9000))
            chunks.append(Array(text[offset..<offset + n]))
            offset += n
        }
        #expect(feed(&framer, chunks) == expected)
    }

    /// 256 MiB in 64 KiB chunks, as the reader thread reads them: minutes
    /// with the generic search of a debug build, well under a second now.
    @Test func aQuarterGigabyteLineIsCountedAndTheNextLineStillArrives() {
        var framer = LineFramer(maxLineBytes: 16 << 20)
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 << 10)
        var events: [LineFramer.Event] = []
        chunk.withUnsafeBytes { bytes in
            for _ in 0..<4096 { framer.feed(bytes) { events.append($0) } }
        }
        events += feed(&framer, ["\nafter\n"])
        #expect(events.count == 2)
        guard case .oversized(let line) = events.first else { Issue.record("expected an oversized line"); return }
        #expect(line.byteCount == 256 << 20)
        #expect(events.last == .line(Array("after".utf8)))
    }
}

/// A small deterministic generator, so a failing chunking can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
