import Foundation
@testable import Store

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Runs `body`, failing with `TimedOut` after `seconds`.
func withTimeout<T: Sendable>(_ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut(what: what)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

extension PostgresListener {
    /// The next notification whose payload satisfies `match`.
    func next(within seconds: Double = 10, _ what: String, where match: @escaping @Sendable (PostgresNotification) -> Bool) async throws -> PostgresNotification {
        let stream = notifications
        return try await withTimeout(seconds, what) {
            for await note in stream where match(note) { return note }
            throw TimedOut(what: "\(what) (stream ended)")
        }
    }
}
