import Foundation

/// A message added to a run from outside while it runs (`runs/inject`). The
/// run's next step reads it; the commit of that step marks it consumed, so
/// it is read exactly once, after a restart too.
public struct Injection: Sendable, Hashable {
    public var id: String
    public var runID: String
    public var scope: Scope
    /// `user` or `system`.
    public var role: String
    public var message: String
    public var createdAt: Date
    /// The step whose commit consumed it (nil while it waits).
    public var consumedStep: Int?
    public var consumedAt: Date?
}

/// What `inject` stored: the row, the `user.injected` event, the run.
public struct InjectionOutcome: Sendable, Hashable {
    public var injection: Injection
    public var events: [Event]
    public var run: Run
}

/// The injections one step read, consumed by its commit.
public struct InjectionConsumption: Sendable, Hashable {
    public var ids: [String]
    public var step: Int

    public init(ids: [String], step: Int) {
        self.ids = ids
        self.step = step
    }
}
