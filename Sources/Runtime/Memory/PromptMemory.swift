import Foundation
import Logging
import Memory
import JSON
import Store

/// The prompt builder's memory part: before each model call, the run's core
/// blocks and the top-k memories retrieved for the latest user or tool
/// content become one system message, placed after the agent's own system
/// prompt. It is rebuilt every step and never stored in checkpoints; the
/// trace records what was retrieved as a `memory.retrieved` event.
/// Retrieval failures are logged and the step goes on without memory.
struct PromptMemory: Sendable {
    let memory: MemoryService
    let topK: Int
    let logger = Logger(label: "oi.runtime.memory")

    /// What one step adds: the system message and the event payload.
    struct Context: Sendable {
        var message: ChatMessage
        var event: MemoryRetrievedPayload
    }

    /// How much of the latest content is the search query.
    static let queryCharacters = 1000

    func build(for messages: [ChatMessage], scope: Scope, roleID: String?, groupID: String?) async -> Context? {
        let started = ContinuousClock.now
        var blocks: [CoreBlock] = []
        var hits: [SearchHit] = []
        var failure: String?
        do {
            blocks = try await memory.core.blocks(in: scope, roleID: roleID).filter { !$0.content.isEmpty }
        } catch {
            failure = "core memory: \(error)"
        }
        let query = Self.query(from: messages)
        if topK > 0, !query.isEmpty {
            do {
                hits = try await memory.search(SearchRequest(query: query, k: topK, filters: SearchFilters(roleID: roleID, roleGroupID: groupID)), in: scope).hits
            } catch {
                failure = "retrieval: \(error)"
            }
        }
        if let failure { logger.warning("memory for the prompt failed", metadata: ["error": .string(failure)]) }
        guard !blocks.isEmpty || !hits.isEmpty || failure != nil else { return nil }
        let event = MemoryRetrievedPayload(
            query: String(query.prefix(200)), coreBlocks: blocks.map(\.label),
            hits: hits.map { .init(id: $0.id, memoryID: $0.memoryID, tier: $0.tier.rawValue, score: $0.score) },
            durationMs: (ContinuousClock.now - started).milliseconds, error: failure)
        return Context(message: .system(Self.text(blocks: blocks, hits: hits)), event: event)
    }

    static func text(blocks: [CoreBlock], hits: [SearchHit]) -> String {
        var lines = ["Memory. Core blocks hold what you keep about the user and the work (edit them with core_memory_append and core_memory_replace). Retrieved memories come from earlier runs and saved knowledge; check them before relying on them."]
        if !blocks.isEmpty {
            lines.append("")
            lines.append("## Core memory")
            for block in blocks {
                lines.append("[\(block.label)\(block.roleID.map { " (role \($0))" } ?? "")]")
                lines.append(block.content)
            }
        }
        if !hits.isEmpty {
            lines.append("")
            lines.append("## Retrieved memories")
            for (i, hit) in hits.enumerated() {
                let title = hit.title.map { "\($0): " } ?? ""
                lines.append("\(i + 1). [\(hit.tier.rawValue) \(hit.memoryID)] \(title)\(hit.snippet)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The latest content to search with: the tool results of the last step,
    /// or else the last user message.
    static func query(from messages: [ChatMessage]) -> String {
        let tools = messages.reversed().prefix { $0.role == .tool }.reversed().map(\.content)
        let text = tools.isEmpty ? (messages.last { $0.role == .user }?.content ?? "") : tools.joined(separator: "\n")
        return String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(queryCharacters))
    }

    /// `messages` with `memory` after the leading system messages.
    static func insert(_ memory: ChatMessage, into messages: [ChatMessage]) -> [ChatMessage] {
        var out = messages
        let index = messages.firstIndex { $0.role != .system } ?? messages.count
        out.insert(memory, at: index)
        return out
    }

    /// The run as the summarizer sees it, from its conversation.
    static func transcript(of run: Run, messages: [ChatMessage], output: String, steps: Int) -> RunTranscript {
        var results: [String: String] = [:]
        for message in messages where message.role == .tool {
            if let id = message.toolCallID { results[id] = message.content }
        }
        var tools: [RunTranscript.ToolUse] = []
        for message in messages where message.role == .assistant {
            for call in message.toolCalls ?? [] {
                let result = results[call.id] ?? ""
                let isError = (try? JSONParser.parse(result))?["error"] != nil
                tools.append(RunTranscript.ToolUse(name: call.name, arguments: call.arguments, result: result, isError: isError))
            }
        }
        return RunTranscript(runID: run.id, sessionKey: run.sessionKey, input: run.input, output: output, status: "completed",
                             steps: steps, tools: tools, roleID: run.roleID, groupID: run.groupID)
    }
}
