import JSON

/// The runs API's failures, named.
public enum RunError {
    public static func notFound(_ runID: String) -> RuntimeError {
        RuntimeError(.notFound, "run not found: \(runID)", details: ["run_id": .string(runID)])
    }

    public static func sessionBusy(_ session: String, active: [String]) -> RuntimeError {
        RuntimeError(.sessionBusy, "session \(session) already has an active run",
                     details: ["session_key": .string(session), "active_run_ids": .array(active.map(JSONValue.string))])
    }

    public static func invalidState(_ message: String, runID: String, status: String) -> RuntimeError {
        RuntimeError(.invalidState, message, details: ["run_id": .string(runID), "status": .string(status)])
    }
}
