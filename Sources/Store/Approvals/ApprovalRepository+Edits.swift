import Foundation

/// Arguments an approver edited (`runs/approve {modified_args}`): kept beside
/// the approval (`approvals.modified_args`, JSON text), read back by the step
/// that runs the call — so the edit survives a restart like the decision.
extension ApprovalRepository {
    /// The edited arguments of an allowed call, or nil when it runs as the model asked.
    public func modifiedArgs(runID: String, callID: String, in scope: Scope) async throws -> String? {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst("SELECT modified_args FROM approvals WHERE \(Self.call(runID, callID, in: scope))")?.optionalString("modified_args")
        }
    }

    /// Stores `args` on the approval inside the deciding transaction.
    static func recordEdit(_ c: any SQLConnection, runID: String, callID: String, args: String, scope: Scope) throws {
        _ = try c.execute("UPDATE approvals SET modified_args = \(.text(args)) WHERE \(Self.call(runID, callID, in: scope))")
    }
}
