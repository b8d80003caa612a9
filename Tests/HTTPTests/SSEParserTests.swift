import HTTP
import Testing

@Suite struct SSEParserTests {
    /// A stream exercising every feature: comments, CRLF and CR line ends,
    /// multi-line data, ids, retry, named events, multi-byte UTF-8.
    static let sample = Array((
        ": a comment first\r\n"
            + "event: message_start\r\n"
            + "data: {\"type\":\"message_start\"}\r\n"
            + "\r\n"
            + "id: 42\n"
            + "event: update\n"
            + "data: line1\n"
            + "data: line2\n"
            + "\n"
            + "data: héllo wörld — 你好 🎉\r"
            + "\r"
            + ": ping\n\n"
            + "retry: 1500\n"
            + "data:no-space\n"
            + "\n"
            + "data\n"
            + "\n"
            + "id\n"
            + "data: after reset\n"
            + "\n"
            + "data: never closed"
    ).utf8)

    static let expected: [SSEEvent] = [
        SSEEvent(event: "message_start", data: "{\"type\":\"message_start\"}"),
        SSEEvent(event: "update", data: "line1\nline2", id: "42"),
        SSEEvent(data: "héllo wörld — 你好 🎉", id: "42"),
        SSEEvent(data: "no-space", id: "42", retry: 1500),
        SSEEvent(data: "", id: "42"),
        SSEEvent(data: "after reset", id: nil),
    ]

    func parse(_ chunks: [[UInt8]]) -> [SSEEvent] {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for chunk in chunks { events += parser.feed(chunk) }
        parser.finish()
        return events
    }

    @Test func theWholeSampleParsesAsExpected() {
        #expect(parse([Self.sample]) == Self.expected)
    }

    @Test func everySingleSplitPointGivesTheSameEvents() {
        for split in 0...Self.sample.count {
            let events = parse([Array(Self.sample[..<split]), Array(Self.sample[split...])])
            #expect(events == Self.expected, "split at \(split)")
        }
    }

    @Test func everyPairOfSplitPointsGivesTheSameEvents() {
        let n = Self.sample.count
        for a in stride(from: 0, through: n, by: 3) {
            for b in a...n {
                let events = parse([Array(Self.sample[..<a]), Array(Self.sample[a..<b]), Array(Self.sample[b...])])
                #expect(events == Self.expected, "splits at \(a), \(b)")
                if events != Self.expected { return }
            }
        }
    }

    @Test func byteByByteFeedingGivesTheSameEvents() {
        #expect(parse(Self.sample.map { [$0] }) == Self.expected)
    }

    @Test func aMultiByteCharacterSplitInsideIsDecodedWhole() {
        let bytes = Array("data: 🎉\n\n".utf8)
        // The emoji is bytes 6..<10; split inside it at every offset.
        for split in 7..<10 {
            #expect(parse([Array(bytes[..<split]), Array(bytes[split...])]) == [SSEEvent(data: "🎉")])
        }
    }

    @Test func aCRLFSplitBetweenItsTwoBytesIsOneLineEnd() {
        let events = parse([Array("data: a\r".utf8), Array("\ndata: b\r".utf8), Array("\n\r".utf8), Array("\n".utf8)])
        #expect(events == [SSEEvent(data: "a\nb")])
    }

    @Test func aLeadingByteOrderMarkIsSkippedEvenWhenSplit() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)
        for split in 0...4 {
            #expect(parse([Array(bytes[..<split]), Array(bytes[split...])]) == [SSEEvent(data: "x")])
        }
    }

    @Test func commentsAloneDispatchNothing() {
        #expect(parse([Array(": ping\n\n: keep-alive\r\n\r\n".utf8)]).isEmpty)
    }

    @Test func anInvalidRetryIsIgnoredAndUnknownFieldsAreToo() {
        var parser = SSEParser()
        let events = parser.feed(Array("retry: 12a\nfoo: bar\ndata: x\n\nretry: 250\n\n".utf8))
        #expect(events == [SSEEvent(data: "x"), SSEEvent(data: "", retry: 250)])
        #expect(parser.reconnectionTime == 250)
    }

    @Test func anIdContainingNULIsIgnored() {
        #expect(parse([Array("id: 1\n\nid: a\u{0}b\ndata: x\n\n".utf8)]) == [SSEEvent(data: "", id: "1"), SSEEvent(data: "x", id: "1")])
    }

    @Test func onlyOneSpaceAfterTheColonIsStripped() {
        #expect(parse([Array("data:  two\n\n".utf8)]) == [SSEEvent(data: " two")])
    }
}
