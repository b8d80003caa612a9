import Logging
import Store
import Synchronization

/// The run a task works for, so that every log line written while it runs
/// (by the executor, a provider's retries, a tool, the MCP client) carries
/// `run_id`, `step`, `org_id`, `user_id` and `project_id` as metadata,
/// without each call site passing them. Set as a task-local by the queue
/// around a run's execution (child tasks inherit it); the step is updated
/// as the run's recorder moves on.
public final class RunLogContext: Sendable {
    @TaskLocal public static var current: RunLogContext?

    public let runID: String
    public let scope: Scope
    private let step = Mutex(0)

    public init(runID: String, scope: Scope) {
        self.runID = runID
        self.scope = scope
    }

    public func setStep(_ value: Int) { step.withLock { $0 = value } }

    public var metadata: Logger.Metadata {
        var m: Logger.Metadata = ["run_id": .string(runID), "org_id": .string(scope.orgID), "user_id": .string(scope.userID)]
        if let project = scope.projectID { m["project_id"] = .string(project) }
        let step = step.withLock { $0 }
        if step > 0 { m["step"] = .stringConvertible(step) }
        return m
    }

    /// For `LoggingSystem.bootstrap`: the current run's metadata, or none.
    public static let metadataProvider = Logger.MetadataProvider { current?.metadata ?? [:] }
}
