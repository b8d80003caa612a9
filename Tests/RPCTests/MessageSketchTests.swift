import Testing
@testable import RPC

/// Reading the id and the kind of a message from the edges of a line too
/// long to parse.
@Suite struct MessageSketchTests {
    func sketch(head: String, tail: String = "") -> MessageSketch {
        MessageSketch(OversizedLine(byteCount: 1 << 30, head: Array(head.utf8), tail: Array(tail.utf8)))
    }

    @Test func anIdBeforeTheResultIsReadFromTheHead() {
        let s = sketch(head: #"{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"xxxx"#, tail: #"xxxx"}]}}"#)
        #expect(s.id == .int(7))
        #expect(s.isResponse)
        #expect(!s.isRequest)
    }

    @Test func anIdAfterTheResultIsReadFromTheTail() {
        let s = sketch(head: #"{"result":{"content":[{"type":"text","text":"xx"#, tail: #"xx"}]} , "id" : "call-\"9\"", "jsonrpc":"2.0" }"#)
        #expect(s.id == .string(#"call-"9""#))
        #expect(s.isResponse)
    }

    @Test func anIdInsideTheResultNeverCounts() {
        let s = sketch(head: #"{"jsonrpc":"2.0","result":{"id":99,"text":"xxx"#, tail: #"xxx","id":98}}"#)
        #expect(s.id == nil)
        #expect(s.isResponse)
    }

    @Test func quotesAndBackslashesInATailStringAreSkippedBackwards() {
        let s = sketch(head: #"{"error":{"code":1,"message":"x"#, tail: #"xx"},"note":"say \"hi\" \\","id":5}"#)
        #expect(s.id == .int(5))
        #expect(s.keys == ["error", "note", "id"])
        #expect(s.isResponse)
    }

    @Test func aRequestIsToldByItsMethod() {
        let s = sketch(head: #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"arguments":{"text":"xxx"#)
        #expect(s.isRequest)
        #expect(!s.isResponse)
        #expect(s.id == .int(3))
        let late = sketch(head: #"{"jsonrpc":"2.0","params":{"x":"xx"#, tail: #"xx"},"method":"notifications/message"}"#)
        #expect(late.isRequest)
        #expect(late.id == nil)
    }

    @Test func anythingElseTellsNothing() {
        #expect(sketch(head: "[1,1,1,1", tail: "1,1]").keys.isEmpty)
        #expect(sketch(head: "not json at all", tail: "still not").id == nil)
        // A number cut off by the end of the head may go on: not an id.
        #expect(sketch(head: #"{"id":12345"#).id == nil)
        // So may a string whose start is cut off from the tail.
        #expect(sketch(head: "", tail: #"ab","id":"x"}"#).id == .string("x"))
        #expect(sketch(head: "", tail: #"ab":"id"}"#).id == nil)
    }
}
