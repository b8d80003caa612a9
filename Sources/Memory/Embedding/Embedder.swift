/// Turns texts into vectors. `name` is stored with every vector, so vectors
/// of two embedders (or two versions of one) never meet in a search; the
/// retriever only compares vectors of the same name and dimension.
public protocol Embedder: Sendable {
    /// The stored identity, e.g. `hash-v1` or `openai:text-embedding-3-small`.
    var name: String { get }
    var dimension: Int { get }
    /// One unit-length vector of `dimension` floats per text, in order. A
    /// text with nothing to embed gets the zero vector (stored as no
    /// embedding, so it only takes part in full-text search).
    func embed(_ texts: [String]) async throws -> [[Float]]
}

extension Embedder {
    public func embed(_ text: String) async throws -> [Float] {
        try await embed([text]).first ?? Array(repeating: 0, count: dimension)
    }
}
