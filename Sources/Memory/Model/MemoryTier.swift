/// The three tiers of memory (DESIGN §8). Core and episodic memory are
/// private to (org, user, project); archival memory is shared within
/// (org, project).
public enum MemoryTier: String, Sendable, Codable, CaseIterable, Hashable {
    /// Small facts about the user and the task. Prompt-resident core memory
    /// lives in named blocks (`CoreMemory`); core-tier items are the seed's
    /// `memory_write {type: core}` and are searched like any other.
    case core
    /// What happened: run summaries, blackboard entries.
    case episodic
    /// Knowledge: chunked documents and promoted facts.
    case archival

    /// Whether other users of the same (org, project) may see it.
    public var isShared: Bool { self == .archival }
}
