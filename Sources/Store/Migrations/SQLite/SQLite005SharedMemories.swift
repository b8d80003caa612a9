extension SQLiteSchema {
    /// Migration 5: which memories every user of an (org, project) may read.
    /// Until now any memory with a `group_id` was, so the automatic summary
    /// of a group member's run (and its episodic notes) carried one user's
    /// private content to the whole project. Now `shared` says it: blackboard
    /// entries are shared; a run's derived memories belong to the user who
    /// started the run; archival memory stays shared by its tier
    /// (docs/memory.md, "Who sees what").
    static let v5SharedMemories = """
    ALTER TABLE memories ADD COLUMN shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1));
    ALTER TABLE memory_chunks ADD COLUMN shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1));
    UPDATE memories SET shared = 1 WHERE source_type = 'blackboard';
    UPDATE memory_chunks SET shared = 1 WHERE EXISTS (
        SELECT 1 FROM memories m WHERE m.org_id = memory_chunks.org_id AND m.id = memory_chunks.memory_id AND m.shared = 1);
    """
}
