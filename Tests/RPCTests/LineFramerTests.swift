import Testing
@testable import RPC

@Suite struct LineFramerTests {
    func feed(_ framer: inout LineFramer, _ chunks: [String]) -> [LineFramer.Event] {
        var events: [LineFramer.Event] = []
        for chunk in chunks {
            Array(chunk.utf8).withUnsafeBytes { framer.feed($0) { events.append($0) } }
        }
        return events
    }

    @Test func splitsLinesAcrossChunksAndStripsCR() {
        var framer = LineFramer(maxLineBytes: 100)
        let events = feed(&framer, ["ab", "c\r\nde", "f\n\n"])
        #expect(events == [.line(Array("abc".utf8)), .line(Array("def".utf8)), .line([])])
    }

    @Test func dropsAnOversizedLineWithoutBufferingItAndRecovers() {
        var framer = LineFramer(maxLineBytes: 10)
        let events = feed(&framer, ["0123456789", "ABCDEF", "GHIJ", "KL\nok\n"])
        #expect(events == [.oversized(byteCount: 22), .line(Array("ok".utf8))])
    }

    @Test func reportsAnUnterminatedLastLine() {
        var framer = LineFramer(maxLineBytes: 10)
        _ = feed(&framer, ["tail"])
        var events: [LineFramer.Event] = []
        framer.finish { events.append($0) }
        #expect(events == [.line(Array("tail".utf8))])
    }
}
