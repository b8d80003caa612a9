/// A client's own view of files — an editor's, with its unsaved buffers
/// (the Agent Client Protocol's `fs/read_text_file` / `fs/write_text_file`).
/// When a run's session has one, `read_file` and `write_file` read and
/// write through it, after checking the path as they check their own I/O.
/// Paths are absolute.
public protocol ClientFiles: Sendable {
    /// What the client offers; the tools use their own I/O for the rest.
    var canRead: Bool { get }
    var canWrite: Bool { get }
    func readText(path: String) async throws -> String
    func writeText(path: String, content: String) async throws
}
