import HTTP
import Runtime
import Testing

/// The decoders without any I/O: the same deltas whatever the chunking.
@Suite struct ProviderStreamDecoderTests {
    func decode<D: LLMStreamDecoder>(_ decoder: D, _ chunks: [[UInt8]]) throws -> [LLMDelta] {
        var decoder = decoder
        var parser = SSEParser()
        var deltas: [LLMDelta] = []
        for chunk in chunks {
            try parser.feed(chunk) { try decoder.decode($0) { deltas.append($0) } }
        }
        try decoder.finish { deltas.append($0) }
        return deltas
    }

    /// Every fifth split point (the SSE parser alone is tested at every one;
    /// this is about the decoders, and keeps a debug build's test run short).
    func everySplit<D: LLMStreamDecoder>(_ decoder: D, _ text: String) throws {
        let bytes = Array(text.utf8)
        let whole = try decode(decoder, [bytes])
        #expect(!whole.isEmpty)
        for split in stride(from: 0, through: bytes.count, by: 5) {
            #expect(try decode(decoder, [Array(bytes[..<split]), Array(bytes[split...])]) == whole, "split at \(split)")
        }
    }

    @Test func openAIDecodesTheSameWhereverTheBytesAreSplit() throws {
        try everySplit(OpenAIStreamDecoder(), Wire.openAIToolCall)
        try everySplit(OpenAIStreamDecoder(), Wire.openAIText())
    }

    @Test func anthropicDecodesTheSameWhereverTheBytesAreSplit() throws {
        try everySplit(AnthropicStreamDecoder(), Wire.anthropicToolUse)
        try everySplit(AnthropicStreamDecoder(), Wire.anthropicParallelCalls)
    }

    @Test func geminiDecodesTheSameWhereverTheBytesAreSplit() throws {
        try everySplit(GeminiStreamDecoder(makeID: { "fixed" }), Wire.geminiParallelCalls)
        try everySplit(GeminiStreamDecoder(), Wire.geminiText(crlf: true))
    }

    @Test func malformedToolArgumentsAreKeptAsText() throws {
        let stream = Wire.openAIChunk(#"{"tool_calls":[{"index":0,"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\": tru"}}]}"#, finish: "tool_calls")
        let deltas = try decode(OpenAIStreamDecoder(), [Array(stream.utf8)])
        #expect(deltas == [.toolCall(ToolCall(id: "c", name: "f", arguments: .string(#"{"a": tru"#))), .finish(.toolUse)])
    }

    @Test func utf8SplitInsideTextIsReassembled() throws {
        let stream = Wire.openAIChunk(#"{"content":"héllo 你好 🎉"}"#, finish: "stop")
        let bytes = Array(stream.utf8)
        let emoji = bytes.firstIndex(of: 0xF0)!
        let deltas = try decode(OpenAIStreamDecoder(), [Array(bytes[..<(emoji + 2)]), Array(bytes[(emoji + 2)...])])
        #expect(deltas == [.text("héllo 你好 🎉"), .finish(.endTurn)])
    }
}
