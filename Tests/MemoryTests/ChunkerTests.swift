import Testing
@testable import Memory

@Suite struct ChunkerTests {
    @Test func chunksCarryTheirHeadingPath() {
        let text = """
        # Deploy

        Intro to deploying.

        ## Staging

        Run the pipeline.

        ```
        # not a heading
        make deploy
        ```

        ## Production
        Ask first.
        """
        let chunks = MarkdownChunker().chunks(text, title: "Handbook")
        #expect(chunks.map(\.headingPath) == [["Handbook", "Deploy"], ["Handbook", "Deploy", "Staging"], ["Handbook", "Deploy", "Production"]])
        #expect(chunks[1].text.hasPrefix("Handbook > Deploy > Staging\n\nRun the pipeline."))
        #expect(chunks[1].text.contains("# not a heading"), "fenced code stays content")
        #expect(chunks.map(\.index) == [0, 1, 2])
    }

    @Test func setextHeadingsAndPlainTextWork() {
        let chunks = MarkdownChunker().chunks("Title\n=====\n\nBody text.\n\nSub\n---\nMore.")
        #expect(chunks.map(\.headingPath) == [["Title"], ["Title", "Sub"]])
        let plain = MarkdownChunker().chunks("Just a sentence without headings.")
        #expect(plain.count == 1)
        #expect(plain[0].text == "Just a sentence without headings.")
        #expect(MarkdownChunker().chunks("   \n\n ").isEmpty)
    }

    @Test func longSectionsSplitWithinTheLimitAndOverlap() {
        let sentences = (1...120).map { "Sentence number \($0) talks about the storage cluster." }
        let chunker = MarkdownChunker(options: ChunkingOptions(maxTokens: 60, overlapTokens: 15))
        let chunks = chunker.chunks("# Ops\n\n" + sentences.joined(separator: " "))
        #expect(chunks.count > 10)
        #expect(chunks.allSatisfy { $0.tokens <= 60 })
        #expect(chunks.allSatisfy { $0.text.hasPrefix("Ops\n\n") })
        // Each chunk starts with the last sentence(s) of the one before.
        for (a, b) in zip(chunks, chunks.dropFirst()) {
            let lastOfA = Sentences.split(String(a.text.dropFirst(5))).last ?? ""
            #expect(b.text.contains(lastOfA), "\(b.index) does not overlap \(a.index)")
        }
        // Nothing is lost: every sentence is in some chunk.
        #expect(sentences.allSatisfy { s in chunks.contains { $0.text.contains(s) } })
    }

    @Test func textWithoutSpacesIsCutByCharacters() {
        let chinese = String(repeating: "机器学习模型的训练数据需要定期更新。", count: 40)
        let chunks = MarkdownChunker(options: ChunkingOptions(maxTokens: 50, overlapTokens: 0)).chunks(chinese)
        #expect(chunks.count >= 10)
        #expect(chunks.allSatisfy { $0.tokens <= 50 })
        let joined = chunks.map(\.text).joined()
        #expect(joined.count >= chinese.count - chunks.count)
        let blob = String(repeating: "a", count: 5000)
        #expect(MarkdownChunker(options: ChunkingOptions(maxTokens: 100)).chunks(blob).allSatisfy { $0.tokens <= 100 })
    }

    @Test func tokenEstimatesFollowCharactersAndCJK() {
        #expect(TokenEstimate.count("") == 0)
        #expect(TokenEstimate.count("a") == 1)
        #expect(TokenEstimate.count("abcdefgh ijkl") == 3)
        #expect(TokenEstimate.count("机器学习") == 4)
    }
}
