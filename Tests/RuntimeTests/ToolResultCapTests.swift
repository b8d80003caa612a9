import RPC
import Testing
@testable import Runtime

/// `tools.maxResultBytes`: what a long tool result looks like to the model.
@Suite struct ToolResultCapTests {
    let cap = ToolResultCap(maxBytes: 2048)

    func size(_ value: JSONValue) -> Int { JSONWriter.encode(value).count }

    @Test func aResultWithinTheLimitIsUntouched() {
        let output = ToolOutput(["content": [["type": "text", "text": "short"]]])
        #expect(cap.apply(output) == output)
    }

    @Test func anMCPTextItemIsCutAndTheResultSaysSo() throws {
        let text = String(repeating: "abcdefghij", count: 1000)
        let output = ToolOutput(["content": [["type": "text", "text": .string(text)], ["type": "image", "mime_type": "image/png", "bytes": 68]],
                                 "structured_content": ["rows": 3]], isError: true)
        let capped = cap.apply(output)
        #expect(capped.isError)
        #expect(size(capped.content) <= 2048)
        #expect(capped.content["truncated"] == true)
        #expect(capped.content["original_bytes"] == .int(Int64(size(output.content))))
        #expect(capped.content["max_bytes"] == 2048)
        #expect(capped.content["structured_content"] == ["rows": 3], "small members stay whole")
        let items = try #require(capped.content["content"]?.arrayValue)
        let kept = try #require(items.first?["text"]?.stringValue)
        #expect(kept.hasPrefix("abcdefghij"))
        #expect(kept.hasSuffix("…[truncated from 10000 bytes]"))
        #expect(items.first?["type"] == "text")
    }

    @Test func longArraysKeepTheirFirstItemsAndCountTheRest() throws {
        let output = ToolOutput(["entries": .array((0..<1000).map { .string("entry-\($0)") })])
        let capped = cap.apply(output)
        #expect(size(capped.content) <= 2048)
        let entries = try #require(capped.content["entries"]?.arrayValue)
        #expect(entries.first == "entry-0")
        #expect(entries.last?.stringValue?.hasSuffix("more items]") == true)
    }

    @Test func aCutNeverSplitsACharacter() {
        let cut = ToolResultCap.cut(String(repeating: "é", count: 100), to: 60)
        #expect(cut.hasPrefix("éé"))
        #expect(!cut.contains("\u{FFFD}"))
        #expect(cut.utf8.count <= 60)
    }

    @Test func stringsFullOfEscapesStillFit() {
        let output = ToolOutput(.string(String(repeating: "\"\n\u{1}", count: 5000)))
        let capped = cap.apply(output)
        #expect(size(capped.content) <= 2048)
        #expect(capped.content["truncated"] == true)
        #expect(capped.content["value"]?.stringValue?.hasSuffix("bytes]") == true)
    }

    @Test func aShapeThatCannotShrinkBecomesAPreview() {
        var members: [String: JSONValue] = [:]
        for i in 0..<2000 { members["key\(i)"] = .int(Int64(i)) }
        let capped = cap.apply(ToolOutput(.object(members)))
        #expect(size(capped.content) <= 2048)
        #expect(capped.content["preview"]?.stringValue?.hasPrefix("{\"key0\":0,") == true)
        #expect(capped.content["truncated"] == true)
    }
}
