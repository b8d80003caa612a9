import JSON

/// The seed's bodies where they differ from our methods (SEED-CONTRACT §2):
/// approvals, the blackboard, skills and health. Everything else keeps the
/// method's params and result as they are.
public enum SeedShapes {
    // MARK: POST /api/runs/{run_id}/approve

    /// `{tool_call_id, modified_args?}` → `runs/approve {call_id, decision,
    /// modified_args?}`. Our `decision` and `reason` are accepted beside them.
    /// Edited arguments are checked against the tool's input schema by the host.
    public static let approveRequest = RequestShape(
        name: "approve",
        schema: { params in
            let properties = params.schemaProperties
            return Schema.object([
                "tool_call_id": properties["call_id"] ?? Schema.string(minLength: 1),
                "modified_args": properties["modified_args"] ?? Schema.map(Schema.any),
                "decision": properties["decision"] ?? Schema.string(),
                "reason": properties["reason"] ?? Schema.string(),
            ], required: ["tool_call_id"])
        },
        translate: { body throws(RESTError) in
            var params = renamingToolCallID(body)
            if params["decision"] == nil { params["decision"] = "allow_once" }
            return params
        },
        fieldNames: ["call_id": "tool_call_id"])

    /// `{success, run_id, tool_call_id, modified_args_applied}` (+ `decision`, `status`).
    public static let approveResponse = ResponseShape(
        name: "approve",
        schema: { result in
            result.removingProperties(["call_id"]).addingProperties(["tool_call_id": Schema.string()], required: ["tool_call_id"])
        },
        transform: { result, _ in renamingCallID(result) })

    // MARK: POST /api/runs/{run_id}/reject

    /// `{tool_call_id, reason?}` → `runs/reject {call_id, reason?}`.
    public static let rejectRequest = RequestShape(
        name: "reject",
        schema: { params in
            let properties = params.schemaProperties
            return Schema.object([
                "tool_call_id": properties["call_id"] ?? Schema.string(minLength: 1),
                "reason": properties["reason"] ?? Schema.string(),
            ], required: ["tool_call_id"])
        },
        translate: { body throws(RESTError) in renamingToolCallID(body) },
        fieldNames: ["call_id": "tool_call_id"])

    /// `{success, run_id, tool_call_id}` (+ `status`).
    public static let rejectResponse = ResponseShape(
        name: "reject",
        schema: { result in
            result.removingProperties(["call_id"]).addingProperties(["tool_call_id": Schema.string()], required: ["tool_call_id"])
        },
        transform: { result, _ in renamingCallID(result) })

    /// The seed's `tool_call_id` is our `call_id`; every other field passes as it is.
    private static func renamingToolCallID(_ body: [String: JSONValue]) -> [String: JSONValue] {
        var params = body
        params["call_id"] = params.removeValue(forKey: "tool_call_id")
        return params
    }

    private static func renamingCallID(_ result: JSONValue) -> JSONValue {
        guard case .object(var o) = result else { return result }
        o["tool_call_id"] = o.removeValue(forKey: "call_id")
        return .object(o)
    }

    // MARK: /api/groups/{group_id}/blackboard

    /// The seed's `{type: core|episodic|archival, text, role_id, metadata?,
    /// importance?}` → `blackboard/write`. Our entries are typed by what they
    /// say: `metadata.episodic_type` DECISION/EVIDENCE/TODO picks decision,
    /// evidence or todo; otherwise a `core` entry is the group's standing
    /// decision (only its lead may write one, the seed's 403) and the rest are
    /// notes. `importance` is kept in metadata.
    public static let blackboardWriteRequest = RequestShape(
        name: "blackboard_write",
        schema: { params in
            let properties = params.schemaProperties
            return Schema.object([
                "type": Schema.oneOf(strings: ["core", "episodic", "archival"]),
                "text": properties["content"] ?? Schema.string(minLength: 1),
                "role_id": properties["role_id"] ?? Schema.string(),
                "metadata": properties["metadata"] ?? Schema.map(Schema.any),
                "importance": Schema.number(minimum: 0, maximum: 1),
                "refs": properties["refs"] ?? Schema.array(Schema.any),
            ], required: ["type", "text", "role_id"])
        },
        translate: { body throws(RESTError) in
            // The seed requires the writing role (our method does not).
            guard body["role_id"] != nil else { throw RESTError.validation("role_id is required", field: "role_id") }
            var params: [String: JSONValue] = [:]
            var metadata = body["metadata"]?.objectValue ?? [:]
            if let importance = body["importance"] { metadata["importance"] = importance }
            let kind: String
            switch metadata["episodic_type"]?.stringValue {
            case "DECISION"?: kind = "decision"
            case "EVIDENCE"?: kind = "evidence"
            case "TODO"?: kind = "todo"
            default: kind = body["type"]?.stringValue == "core" ? "decision" : "note"
            }
            if let tier = body["type"] {
                guard let tier = tier.stringValue, ["core", "episodic", "archival"].contains(tier) else {
                    throw RESTError.validation("type must be one of core, episodic, archival", field: "type")
                }
                params["type"] = .string(kind)
            }
            if let text = body["text"] { params["content"] = text }
            if let role = body["role_id"] { params["role_id"] = role }
            if let refs = body["refs"] { params["refs"] = refs }
            if body["metadata"] != nil || body["importance"] != nil {
                params["metadata"] = body["metadata"].map { $0.objectValue == nil ? $0 : .object(metadata) } ?? .object(metadata)
            }
            for key in body.keys where !["type", "text", "role_id", "metadata", "importance", "refs"].contains(key) {
                params[key] = body[key]
            }
            return params
        },
        fieldNames: ["content": "text"])

    /// `{id}`.
    public static let blackboardWriteResponse = ResponseShape(
        name: "blackboard_id",
        schema: { _ in Schema.object(["id": Schema.string()], required: ["id"]) },
        transform: { result, _ in ["id": result["id"] ?? .null] })

    /// A blackboard entry as the seed's memory: `{id, type (the tier), text,
    /// metadata, created_at, updated_at, group_id}`, plus our `role_id`,
    /// `run_id` and `refs`; what the entry says it is stays in `metadata.type`.
    public static let blackboardEntryResponse = ResponseShape(
        name: "blackboard_memory",
        schema: { _ in memorySchema },
        transform: { result, _ in memory(from: result) })

    /// `{memories: [...]}` newest first.
    public static let blackboardListResponse = ResponseShape(
        name: "blackboard_memories",
        schema: { _ in Schema.object(["memories": Schema.array(memorySchema)], required: ["memories"]) },
        transform: { result, _ in ["memories": .array((result["entries"]?.arrayValue ?? []).map(memory(from:)))] })

    static let memorySchema = Schema.object([
        "id": Schema.string(), "type": Schema.oneOf(strings: ["core", "episodic", "archival"]), "text": Schema.string(),
        "metadata": Schema.map(Schema.any), "created_at": Schema.timestamp, "updated_at": Schema.timestamp, "group_id": Schema.string(),
        "role_id": Schema.nullable(Schema.string()), "run_id": Schema.nullable(Schema.string()), "refs": Schema.array(Schema.any),
    ], required: ["id", "type", "text", "metadata", "created_at", "updated_at", "group_id"])

    static func memory(from entry: JSONValue) -> JSONValue {
        var metadata = entry["metadata"]?.objectValue ?? [:]
        if metadata["type"] == nil, let kind = entry["type"] { metadata["type"] = kind }
        return .object([
            "id": entry["id"] ?? .null, "type": entry["tier"] ?? "episodic", "text": entry["content"] ?? "",
            "metadata": .object(metadata), "created_at": entry["created_at"] ?? .null, "updated_at": entry["updated_at"] ?? .null,
            "group_id": entry["group_id"] ?? .null, "role_id": entry["role_id"] ?? .null, "run_id": entry["run_id"] ?? .null,
            "refs": entry["refs"] ?? [],
        ])
    }

    // MARK: POST /api/skills

    /// The seed accepted `entry_path`, `source_type`, `allow_implicit_invocation`
    /// and `dependencies` and stored none of them; so do we.
    public static let skillCreateRequest = RequestShape(
        name: "skill_create",
        schema: { params in
            params.addingProperties([
                "entry_path": Schema.string(maxLength: 4096),
                "source_type": Schema.oneOf(strings: ["local", "repo", "system", "remote"]),
                "allow_implicit_invocation": Schema.boolean,
                "dependencies": Schema.object(["tools": Schema.array(Schema.string()), "env_vars": Schema.array(Schema.string())]),
            ])
        },
        translate: { body throws(RESTError) in
            body.filter { !["entry_path", "source_type", "allow_implicit_invocation", "dependencies"].contains($0.key) }
        },
        fieldNames: [:])

    // MARK: GET /health, /api/health

    /// `system/health` plus the seed's `timestamp`, `queue {length, processing}` and `sse {clients}`.
    public static let healthResponse = ResponseShape(
        name: "health",
        schema: { result in
            var queue = result.schemaProperties["queue"] ?? Schema.object([:])
            queue = queue.addingProperties(["length": Schema.integer(minimum: 0), "processing": Schema.integer(minimum: 0)],
                                           required: ["length", "processing"])
            return result.addingProperties([
                "timestamp": Schema.timestamp,
                "queue": queue,
                "sse": Schema.object(["clients": Schema.integer(minimum: 0)], required: ["clients"]),
            ], required: ["timestamp", "queue", "sse"])
        },
        transform: { result, context in
            guard case .object(var o) = result else { return result }
            var queue = o["queue"]?.objectValue ?? ["workers": 1, "running": 0, "pending": .null, "claiming": false, "owner_pid": .null]
            queue["length"] = .int(queue["pending"]?.intValue ?? 0)
            queue["processing"] = .int(queue["running"]?.intValue ?? 0)
            o["queue"] = .object(queue)
            o["timestamp"] = .string(context.timestamp)
            o["sse"] = ["clients": .int(Int64(context.sseClients))]
            return .object(o)
        })

    /// `GET /api/mineru/ingest-batch/:jobId`: the seed's `{job_id, status
    /// processing|completed, files, created_at, completed_at?, options?}`
    /// beside the job as `jobs/get` answers it.
    public static let mineruJobResponse = ResponseShape(
        name: "mineru_job",
        schema: { result in
            result.addingProperties([
                "job_id": Schema.string(), "status": Schema.oneOf(strings: ["processing", "completed"]),
                "files": Schema.array(Schema.map(Schema.any)), "completed_at": Schema.nullable(Schema.timestamp),
            ], required: ["job_id", "status", "files"])
        },
        transform: { result, _ in
            guard case .object(var o) = result else { return result }
            let state = o["state"]?.stringValue ?? "pending"
            let finished = ["completed", "failed", "cancelled"].contains(state)
            o["job_id"] = o["id"] ?? .null
            o["status"] = finished ? "completed" : "processing"
            o["completed_at"] = o["finished_at"] ?? .null
            var file: [String: JSONValue] = ["file_index": 0, "filename": o["result"]?["title"] ?? .null,
                                             "status": .string(state == "completed" ? "completed" : state == "running" ? "processing" : finished ? "failed" : "pending")]
            if let id = o["result"]?["memory_id"] { file["memory_id"] = id }
            if let count = o["result"]?["chunk_count"] { file["chunk_count"] = count }
            if let error = o["error_message"], error != .null { file["error"] = error }
            o["files"] = [.object(file)]
            return .object(o)
        })
}
