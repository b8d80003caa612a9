/// A provider's deltas with a `nil` between them every `interval` while the
/// stream is quiet, so a run can flush buffered tokens of a model that pauses
/// mid-answer (stored before shown, but never held back for long).
enum TickingStream {
    static func wrap(_ deltas: AsyncThrowingStream<LLMDelta, any Error>, every interval: Duration) -> AsyncThrowingStream<LLMDelta?, any Error> {
        AsyncThrowingStream { continuation in
            let forward = Task {
                do {
                    for try await delta in deltas { continuation.yield(delta) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            let ticks = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled { return }
                    continuation.yield(nil)
                }
            }
            continuation.onTermination = { _ in
                forward.cancel()
                ticks.cancel()
            }
        }
    }
}
