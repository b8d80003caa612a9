import Foundation
import JSON

/// The automatic episodic memory of a run. Extractive by default (no model
/// call): the task, one line per tool call (name, the argument that says
/// most, outcome) and the sentences of the answer that share the most words
/// with the task (plus the first), in their original order. When a model
/// is configured the runtime asks it with `modelPrompt` and stores its text
/// with `summary(of:written:)`; title, keys and metadata are the same.
public enum RunSummarizer {
    static let inputChars = 400
    static let outcomeChars = 700
    static let toolLines = 12

    /// The longest model-written summary kept.
    public static let writtenChars = 1500

    /// The instructions and the material for a model-written summary: the
    /// extractive summary's lines with the whole answer (clipped).
    public static func modelPrompt(of t: RunTranscript) -> (system: String, user: String) {
        var material = summary(of: t).content
        if t.status == "completed" { material += "\n\nFull answer:\n" + String(t.output.prefix(4000)) }
        let system = """
            You write the memory an AI agent keeps of one of its finished runs, for future runs to recall. \
            In at most 120 words of plain text, state what was asked, what was done (tools and their outcomes), \
            the result, and any facts, names, numbers or decisions worth remembering. No preamble.
            """
        return (system, material)
    }

    /// The memory to store when a model wrote the summary (`text`); `model`
    /// names it (`provider/model`) in the metadata.
    public static func summary(of t: RunTranscript, written text: String, model: String) -> NewMemory {
        var memory = summary(of: t)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        memory.content = trimmed.count <= writtenChars ? trimmed : String(trimmed.prefix(writtenChars - 1)) + "…"
        if case .object(var metadata) = memory.metadata {
            metadata["summarizer"] = "model"
            metadata["summary_model"] = .string(model)
            memory.metadata = .object(metadata)
        }
        return memory
    }

    /// The memory to store for `transcript` (episodic, keyed by run id), extractive.
    public static func summary(of t: RunTranscript) -> NewMemory {
        var lines = ["Task: " + clip(t.input, inputChars)]
        if !t.tools.isEmpty {
            let counts = Dictionary(grouping: t.tools, by: \.name).map { "\($0.key) ×\($0.value.count)" }.sorted()
            lines.append("Tools (\(t.tools.count) calls): " + counts.joined(separator: ", "))
            for use in t.tools.prefix(toolLines) {
                let outcome = use.isError ? "error: " + clip(errorText(use.result), 120) : clip(use.result, 120)
                lines.append("- \(use.name)(\(clip(keyArgument(use.arguments), 80))) → \(outcome)")
            }
            if t.tools.count > toolLines { lines.append("- … \(t.tools.count - toolLines) more") }
        }
        if t.status == "completed" {
            lines.append("Outcome: " + extract(t.output, focus: t.input, limit: outcomeChars))
        } else {
            lines.append("Outcome (\(t.status)): " + clip(t.error ?? t.output, outcomeChars))
        }
        var metadata: [String: JSONValue] = [
            "source": "run_summary", "summarizer": "extractive", "run_id": .string(t.runID), "session_key": .string(t.sessionKey),
            "status": .string(t.status), "steps": .int(Int64(t.steps)), "tool_calls": .int(Int64(t.tools.count)),
        ]
        if !t.tools.isEmpty { metadata["tools"] = .array(Array(Set(t.tools.map(\.name))).sorted().map(JSONValue.string)) }
        return NewMemory(tier: .episodic, content: lines.joined(separator: "\n"), title: "Run: " + clip(firstLine(t.input), 80),
                         metadata: .object(metadata), importance: t.status == "completed" ? 0.5 : 0.4,
                         roleID: t.roleID, groupID: t.groupID, sourceType: "run_summary", sourceKey: t.runID)
    }

    /// The sentences of `text` most about `focus`, in order, within `limit` characters.
    static func extract(_ text: String, focus: String, limit: Int) -> String {
        let sentences = Sentences.split(text)
        guard text.count > limit, sentences.count > 1 else { return clip(text, limit) }
        let wanted = Set(TextTokenizer.words(focus).filter { !Stopwords.contains($0) })
        let scored = sentences.enumerated().map { i, s -> (Int, Double) in
            let words = TextTokenizer.words(s)
            let overlap = words.filter { wanted.contains($0) }.count
            // The first sentence usually states the answer.
            return (i, Double(overlap) / Double(max(4, words.count)).squareRoot() + (i == 0 ? 1 : 0))
        }
        var chosen = Set<Int>()
        var size = 0
        for (i, _) in scored.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) {
            let length = sentences[i].count + 1
            if size + length > limit { continue }
            chosen.insert(i)
            size += length
        }
        if chosen.isEmpty { return clip(text, limit) }
        return chosen.sorted().map { sentences[$0] }.joined(separator: " ")
    }

    /// The argument most worth showing: a path, query, label or the first string.
    static func keyArgument(_ arguments: JSONValue) -> String {
        guard case .object(let o) = arguments else { return arguments.description }
        for key in ["path", "query", "label", "tier", "id", "command", "url"] {
            if let s = o[key]?.stringValue { return "\(key): \(s)" }
        }
        if let (key, value) = o.sorted(by: { $0.key < $1.key }).first(where: { $0.value.stringValue != nil }) {
            return "\(key): \(value.stringValue ?? "")"
        }
        return o.keys.sorted().joined(separator: ", ")
    }

    static func errorText(_ result: String) -> String {
        (try? JSONParser.parse(result))?["error"]?.stringValue ?? result
    }

    static func firstLine(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }
}
