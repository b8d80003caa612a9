import JSON
import RPC
import Runtime
import Store

/// The params of methods that name one run.
struct RunParams: Decodable, Sendable, Scoped {
    var runID: String
    var scope: ScopeParams?
    enum CodingKeys: String, CodingKey { case runID = "run_id", scope }

    static let schema = Schema.object(["run_id": RunSchemas.runID, "scope": ScopeParams.schema], required: ["run_id"])
}

/// `runs/get`.
enum RunsGet: HostMethod {
    static let name = "runs/get"
    static let summary = "Returns one run of the caller's scope."
    typealias Params = RunParams
    typealias Result = RunView
    static let paramsSchema = RunParams.schema
    static let resultSchema = RunSchemas.run
    static let example = RunSchemas.exampleRun

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let scope = try await context.scope(of: p)
        let runs = try await context.runtime().runs
        var view = RunView(try await runs.get(p.runID, in: scope))
        view.children = try await runs.children(of: p.runID, in: scope).map(RunView.ChildView.init)
        return view
    }
}

/// `runs/cancel`.
enum RunsCancel: HostMethod {
    static let name = "runs/cancel"
    static let summary = "Cancels a run: a pending one at once, a running one within one step (aborting its model call)."
    typealias Params = RunParams

    struct Result: Encodable, Sendable {
        var success = true
        var runID: String
        var status: String
        enum CodingKeys: String, CodingKey { case success, status, runID = "run_id" }
    }

    static let paramsSchema = RunParams.schema
    static let resultSchema = Schema.object([
        "success": Schema.boolean, "run_id": Schema.string(), "status": RunSchemas.status,
    ], required: ["success", "run_id", "status"])
    static let example = Result(runID: RunSchemas.exampleRun.runID, status: "cancelled")

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let run = try await context.runtime().runs.cancel(p.runID, in: try await context.scope(of: p))
        return Result(runID: run.id, status: run.status.rawValue)
    }
}

/// `runs/export`.
enum RunsExport: HostMethod {
    static let name = "runs/export"
    static let summary = "Exports a run's whole trace: as one JSON document (run, every event, checkpoint summary), or with format otel as OpenTelemetry spans (OTLP/JSON, GenAI conventions)."

    struct Params: Decodable, Sendable, Scoped {
        var runID: String
        var format: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case runID = "run_id", format, scope }
    }

    /// `json`: the run, its events and checkpoints; `otel`: an OTLP/JSON `ExportTraceServiceRequest`.
    enum Result: Encodable, Sendable {
        case json(RunExport)
        case otel(OTLPTraceDocument)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .json(let document): try document.encode(to: encoder)
            case .otel(let document): try document.encode(to: encoder)
            }
        }
    }

    static let paramsSchema = Schema.object([
        "run_id": RunSchemas.runID, "format": Schema.oneOf(strings: ["json", "otel"]), "scope": ScopeParams.schema,
    ], required: ["run_id"])
    static let jsonSchema = Schema.object([
        "format": Schema.string(), "exported_at": Schema.timestamp, "run": RunSchemas.run,
        "events": Schema.array(RunSchemas.event),
        "checkpoints": Schema.array(Schema.object([
            "step": Schema.integer(minimum: 0), "created_at": Schema.timestamp, "bytes": Schema.integer(minimum: 0), "messages": Schema.integer(minimum: 0),
        ], required: ["step", "created_at", "bytes", "messages"])),
    ], required: ["format", "exported_at", "run", "events", "checkpoints"])
    static let resultSchema = Schema.anyOf([jsonSchema, OTLPTraceDocument.schema])
    static let example = Result.json(RunExport(exportedAt: "2026-12-06T21:00:01.000Z", run: RunSchemas.exampleRun, events: [RunSchemas.exampleEvent],
                                               checkpoints: [.init(step: 0, createdAt: "2026-12-06T21:00:00.120Z", bytes: 180, messages: 1)]))

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let runs = try await context.runtime().runs
        let scope = try await context.scope(of: p)
        if p.format == "otel" { return .otel(try await runs.exportOTel(p.runID, in: scope)) }
        return .json(try await runs.export(p.runID, in: scope))
    }
}

/// `runs/children`.
enum RunsChildren: HostMethod {
    static let name = "runs/children"
    static let summary = "The child runs of a run, oldest first: a group run's members, or the runs it delegated to (handoff_to, dispatch_subtasks, escalate_to_group)."
    typealias Params = RunParams

    struct Result: Encodable, Sendable {
        var children: [RunView]
    }

    static let paramsSchema = RunParams.schema
    static let resultSchema = Schema.object(["children": Schema.array(RunSchemas.run)], required: ["children"])
    static let example = Result(children: [RunSchemas.exampleRun])

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        Result(children: try await context.runtime().runs.children(of: p.runID, in: try await context.scope(of: p)).map { RunView($0) })
    }
}
