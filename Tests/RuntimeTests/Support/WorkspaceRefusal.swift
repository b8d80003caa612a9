import Foundation
import TestSupport
@testable import Runtime

/// A way to call the workspace that turns a regression into a failure, not a hang.
extension SpecialFiles {
    /// The `ToolFailure` message `body` throws; "timed out" when it has not
    /// returned after ten seconds (the call blocks), nil when it succeeds.
    static func refusal(_ body: @escaping @Sendable () throws -> Void) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    try await BlockingIO.run(body)
                    return nil
                } catch let failure as ToolFailure {
                    return failure.message
                } catch {
                    return "\(error)"
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(10))
                return "timed out"
            }
            defer { group.cancelAll() }
            return await group.next() ?? nil
        }
    }
}
