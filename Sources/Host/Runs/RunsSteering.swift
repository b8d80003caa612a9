import JSON
import RPC
import Runtime
import Store

/// `runs/approve`: decides a tool call a run is waiting on, optionally with
/// edited arguments.
enum RunsApprove: HostMethod {
    static let name = "runs/approve"
    static let summary = "Decides a tool call that needs approval: allow_once, allow_always (remembered for this scope and tool) or deny; modified_args (checked against the tool's input schema) replace the model's arguments, and the model is told. The run resumes when nothing else waits."

    struct Params: Decodable, Sendable, Scoped {
        var runID: String
        var callID: String
        var decision: ApprovalDecision
        var reason: String?
        var modifiedArgs: JSONValue?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case runID = "run_id", callID = "call_id", decision, reason, modifiedArgs = "modified_args", scope }
    }

    struct Result: Encodable, Sendable {
        var success = true
        var runID: String
        var callID: String
        var decision: String
        var status: String
        var modifiedArgsApplied: Bool
        enum CodingKeys: String, CodingKey {
            case success, decision, status, runID = "run_id", callID = "call_id", modifiedArgsApplied = "modified_args_applied"
        }
    }

    static let paramsSchema = Schema.object([
        "run_id": RunSchemas.runID,
        "call_id": Schema.string(minLength: 1, maxLength: 256),
        "decision": Schema.oneOf(strings: ["allow_once", "allow_always", "deny"]),
        "reason": Schema.string(maxLength: 4096),
        "modified_args": Schema.map(Schema.any, description: "Arguments to run the call with instead of the model's (allow only); checked against the tool's input schema."),
        "scope": ScopeParams.schema,
    ], required: ["run_id", "call_id", "decision"])
    static let resultSchema = Schema.object([
        "success": Schema.boolean, "run_id": Schema.string(), "call_id": Schema.string(),
        "decision": Schema.oneOf(strings: ["allow_once", "allow_always", "deny"]), "status": RunSchemas.status,
        "modified_args_applied": Schema.boolean,
    ], required: ["success", "run_id", "call_id", "decision", "status", "modified_args_applied"])
    static let example = Result(runID: RunSchemas.exampleRun.runID, callID: "call_1", decision: "allow_once", status: "pending", modifiedArgsApplied: false)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let outcome = try await context.runtime().runs.approve(p.runID, callID: p.callID, decision: p.decision, reason: p.reason,
                                                               modifiedArgs: p.modifiedArgs, in: try await context.scope(of: p))
        return Result(runID: p.runID, callID: p.callID, decision: p.decision.rawValue, status: outcome.run.status.rawValue,
                      modifiedArgsApplied: p.modifiedArgs != nil)
    }
}

/// `runs/reject`: denies a tool call a run is waiting on, with a reason the
/// model reads (`tool.denied`) — the seed's `POST /api/runs/:id/reject`.
enum RunsReject: HostMethod {
    static let name = "runs/reject"
    static let summary = "Rejects a tool call that needs approval (a deny with a reason): records tool.denied, the model gets the reason as the call's error, and the run resumes when nothing else waits."

    struct Params: Decodable, Sendable, Scoped {
        var runID: String
        var callID: String
        var reason: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case runID = "run_id", callID = "call_id", reason, scope }
    }

    struct Result: Encodable, Sendable {
        var success = true
        var runID: String
        var callID: String
        var status: String
        enum CodingKeys: String, CodingKey { case success, status, runID = "run_id", callID = "call_id" }
    }

    static let paramsSchema = Schema.object([
        "run_id": RunSchemas.runID,
        "call_id": Schema.string(minLength: 1, maxLength: 256),
        "reason": Schema.string(maxLength: 4096),
        "scope": ScopeParams.schema,
    ], required: ["run_id", "call_id"])
    static let resultSchema = Schema.object([
        "success": Schema.boolean, "run_id": Schema.string(), "call_id": Schema.string(), "status": RunSchemas.status,
    ], required: ["success", "run_id", "call_id", "status"])
    static let example = Result(runID: RunSchemas.exampleRun.runID, callID: "call_1", status: "pending")

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let outcome = try await context.runtime().runs.approve(p.runID, callID: p.callID, decision: .deny, reason: p.reason ?? "rejected by the user",
                                                               in: try await context.scope(of: p))
        return Result(runID: p.runID, callID: p.callID, status: outcome.run.status.rawValue)
    }
}

/// `runs/inject`: a message for a run's next step — the seed's
/// `POST /api/runs/:id/inject`, which the original recorded and never read.
enum RunsInject: HostMethod {
    static let name = "runs/inject"
    static let summary = "Adds a message (role user or system) that the run's next step reads; allowed while the run is pending, running, or waiting for an approval or its children (else -32005). Stored durably: it survives a restart and is read exactly once."

    struct Params: Decodable, Sendable, Scoped {
        var runID: String
        var message: String
        var role: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case runID = "run_id", message, role, scope }
    }

    struct Result: Encodable, Sendable {
        var success = true
        var runID: String
        var injectionID: String
        var status: String
        enum CodingKeys: String, CodingKey { case success, status, runID = "run_id", injectionID = "injection_id" }
    }

    static let paramsSchema = Schema.object([
        "run_id": RunSchemas.runID,
        "message": Schema.string(minLength: 1, description: "At most limits.inputBytes (1,000,000) bytes of UTF-8; more is -32011."),
        "role": Schema.oneOf(strings: ["user", "system"]),
        "scope": ScopeParams.schema,
    ], required: ["run_id", "message"])
    static let resultSchema = Schema.object([
        "success": Schema.boolean, "run_id": Schema.string(), "injection_id": Schema.string(), "status": RunSchemas.status,
    ], required: ["success", "run_id", "injection_id", "status"])
    static let example = Result(runID: RunSchemas.exampleRun.runID, injectionID: "inj_01MB4ZC8J6WQ2N3P5R7T9V1X3Z", status: "running")

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        try PayloadLimits.check(p.message, limit: context.host.limits.inputBytes, path: "params.message")
        let outcome = try await context.runtime().runs.inject(p.runID, message: p.message, role: p.role ?? "user", in: try await context.scope(of: p))
        return Result(runID: p.runID, injectionID: outcome.injection.id, status: outcome.run.status.rawValue)
    }
}
