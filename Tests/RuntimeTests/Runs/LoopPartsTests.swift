import JSON
import Testing
@testable import Runtime

/// The agent loop's parts without storage: the doom-loop streak, the
/// conversation rebuilt from checkpoint rows, compaction's cuts and
/// fallbacks, the token estimate, path globs.
@Suite struct LoopPartsTests {
    static func call(_ id: String, _ name: String = "read_file", _ args: JSONValue = ["path": "a"]) -> ToolCall {
        ToolCall(id: id, name: name, arguments: args)
    }

    static func turn(_ calls: ToolCall...) -> ChatMessage { ChatMessage(role: .assistant, content: "", toolCalls: calls) }

    @Test func theStreakCountsIdenticalCallsAcrossTurnsAndKeyOrderDoesNotMatter() {
        let doom = DoomLoop(threshold: 3)
        let before = [Self.turn(Self.call("c1")), ChatMessage(role: .tool, content: "{}", toolCallID: "c1"), Self.turn(Self.call("c2", "read_file", ["path": "a"]))]
        let third = doom.check([Self.call("c3")], after: before)
        #expect(third.refused == ["c3": 3] && third.ends == nil)
        let fourth = doom.check([Self.call("c4")], after: before + [Self.turn(Self.call("c3"))])
        #expect(fourth.ends?.callID == "c4")
        // Same arguments in another key order are the same call.
        let a = Self.call("x", "grep_files", ["pattern": "p", "path": "src"]), b = Self.call("y", "grep_files", ["path": "src", "pattern": "p"])
        #expect(DoomLoop.signature(a) == DoomLoop.signature(b))
        // Another call in between starts over; a threshold of 0 turns it off.
        #expect(doom.check([Self.call("c3")], after: before + [Self.turn(Self.call("z", "list_files", [:]))]).refused.isEmpty)
        #expect(DoomLoop(threshold: 0).check([Self.call("c3"), Self.call("c4")], after: before).refused.isEmpty)
        // Within one turn too.
        #expect(doom.check([Self.call("a1"), Self.call("a2"), Self.call("a3"), Self.call("a4")], after: []).refused == ["a3": 3])
    }

    @Test func theConversationPutsHistoryAfterTheSystemPromptAndAppliesCompactions() {
        let opening = CheckpointState(step: 0, messages: [.system("be brief"), .user("now")], history: [.user("before"), ChatMessage(role: .assistant, content: "ok")])
        var conversation = Conversation([opening])
        #expect(conversation.prompt.map(\.content) == ["be brief", "before", "ok", "now"])
        #expect(conversation.own.map(\.content) == ["be brief", "now"])
        let step = CheckpointState(step: 1, messages: [ChatMessage(role: .assistant, content: "answer")],
                                   compaction: .init(summary: "earlier: before/ok", replaced: 2))
        conversation.append(step)
        #expect(conversation.prompt.map(\.content) == ["be brief", Conversation.summaryPrefix + "earlier: before/ok", "now", "answer"])
        #expect(conversation.own.count == 3)
    }

    @Test func compactionCutsBeforeAUserOrAssistantMessageAndKeepsTheNewest() async throws {
        let long = String(repeating: "word ", count: 200)
        var prompt: [ChatMessage] = [.system("sys")]
        for i in 0..<6 {
            prompt.append(.user("q\(i) \(long)"))
            prompt.append(ChatMessage(role: .assistant, content: "", toolCalls: [Self.call("c\(i)")]))
            prompt.append(ChatMessage(role: .tool, content: long, toolCallID: "c\(i)"))
        }
        let compactor = Compactor(window: 1600, reserve: 100, provider: ScriptedProvider(), model: "")
        #expect(try await Compactor(window: 100_000, reserve: 100, provider: ScriptedProvider(), model: "").compact(prompt, extra: 0) == nil)
        let outcome = try #require(try await compactor.compact(prompt, extra: 0))
        #expect(outcome.summarizer == "extractive")
        #expect(outcome.tokensAfter <= 1500 && outcome.tokensAfter < outcome.tokensBefore)
        let replaced = outcome.compaction.replaced
        #expect(prompt[1 + replaced].role != .tool, "never between a call and its result")
        #expect(outcome.prompt.first?.content == "sys")
        #expect(outcome.prompt[1].content.hasPrefix(Conversation.summaryPrefix))
        #expect(outcome.prompt.last == prompt.last)
        #expect(outcome.compaction.summary.contains("User: q0"))
        // One message that cannot fit is an error, never a silent cut.
        await #expect(throws: Compactor.Overflow.self) {
            _ = try await compactor.compact([.system("sys"), .user(String(repeating: "x", count: 20_000))], extra: 0)
        }
    }

    @Test func tokensAreEstimatedPerProvider() {
        #expect(TokenEstimate.text("abcdefgh", provider: "openai") == 2)
        #expect(TokenEstimate.text("abcdefg", provider: "anthropic") == 2)
        #expect(TokenEstimate.text("日本語", provider: "openai") == 3)
        #expect(TokenEstimate.message(.user(""), provider: "openai") == TokenEstimate.perMessage)
        #expect(TokenEstimate.defaultContextWindow("anthropic") == 200_000)
    }

    @Test func pathGlobsMatchAnyDepthAndAlternatives() {
        #expect(PathGlob("**/*.swift").matches("a.swift"))
        #expect(PathGlob("**/*.swift").matches("src/deep/a.swift"))
        #expect(!PathGlob("*.swift").matches("src/a.swift"))
        #expect(PathGlob("src/*.{md,txt}").matches("src/b.md") && PathGlob("src/*.{md,txt}").matches("src/c.txt"))
        #expect(!PathGlob("src/*.{md,txt}").matches("src/c.swift"))
        #expect(PathGlob("src/**/c?.py").matches("src/x/y/c1.py"))
    }

    @Test func secretsNeverReachACommandsEnvironment() {
        let env = ExecCommandTool.environment(allowList: ["PATH", "GITHUB_TOKEN", "LANG", "DATABASE_URL", "AWS_SECRET_ACCESS_KEY"], home: "/w",
                                              from: ["PATH": "/bin", "GITHUB_TOKEN": "t", "LANG": "C", "DATABASE_URL": "postgres://x", "AWS_SECRET_ACCESS_KEY": "k", "OTHER": "o"])
        #expect(env == ["PATH": "/bin", "LANG": "C", "HOME": "/w"])
    }
}
