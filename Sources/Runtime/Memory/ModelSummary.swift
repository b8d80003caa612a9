import Foundation
import Memory

/// A run's episodic summary written by a model (`memory.summarizer`): the
/// run's own provider and model, asked once after the final answer with
/// `RunSummarizer.modelPrompt`, no tools, a short answer, a time limit. Any
/// failure falls back to the extractive summary; the run never fails for it.
struct ModelSummary: Sendable {
    /// `extractive` (default): never; `model`: always (a script answers
    /// with its `summary` turn); `auto`: when the run has a real model (not the
    /// scripted provider).
    enum Mode: String, Sendable {
        case auto, model, extractive
    }

    /// What the call produced: the text (nil on failure), its usage, why it failed.
    struct Outcome: Sendable {
        var text: String?
        var usage = Usage()
        var error: String?
        var model: String
    }

    static let maxTokens = 300
    static let timeout = Duration.seconds(60)

    static func applies(_ mode: Mode, provider: any LLMProvider) -> Bool {
        switch mode {
        case .extractive: false
        case .model: true
        case .auto: provider.name != "scripted"
        }
    }

    static func write(_ transcript: RunTranscript, provider: any LLMProvider, model: String, timeout: Duration = timeout) async -> Outcome {
        let prompt = RunSummarizer.modelPrompt(of: transcript)
        let request = LLMRequest(model: model, messages: [.system(prompt.system), .user(prompt.user)], tools: [], temperature: 0.2,
                                 maxTokens: maxTokens, purpose: .summary)
        return await complete(request, provider: provider, model: model, timeout: timeout)
    }

    /// One summary request answered as text within `timeout` (compaction asks the same way).
    static func complete(_ request: LLMRequest, provider: any LLMProvider, model: String, timeout: Duration = timeout) async -> Outcome {
        var outcome = Outcome(model: provider.name + (model.isEmpty ? "" : "/" + model))
        do {
            let (text, usage) = try await withThrowingTaskGroup(of: (String, Usage)?.self) { group in
                group.addTask {
                    var text = "", usage = Usage()
                    for try await delta in provider.stream(request) {
                        switch delta {
                        case .text(let t): text += t
                        case .usage(let u): usage = u
                        default: break
                        }
                    }
                    return (text, usage)
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let result = first else {
                    throw ProviderError(provider: provider.name, message: "no summary within \(timeout)")
                }
                return result
            }
            try Task.checkCancellation()
            outcome.usage = usage
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { outcome.error = "the model returned no summary" } else { outcome.text = trimmed }
        } catch {
            outcome.error = "\(error)"
        }
        return outcome
    }
}
