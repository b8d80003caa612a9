import JSON

/// The seed's bodies where they differ from our methods (SEED-CONTRACT §2):
/// approvals, the blackboard, skills and health. Everything else keeps the
/// method's params and result as they are.
public enum SeedShapes {
    // MARK: POST /api/runs/{run_id}/approve

    /// `{tool_call_id, modified_args?}` → `runs/approve {call_id, decision}`. Our
    /// `decision` and `reason` are accepted beside them. Arguments cannot be
    /// edited on approval: a non-empty `modified_args` is refused rather than
    /// silently ignored (the call would run with what the model asked).
    public static let approveRequest = RequestShape(
        name: "approve",
        schema: { params in
            let properties = params.schemaProperties
            return Schema.object([
                "tool_call_id": properties["call_id"] ?? Schema.string(minLength: 1),
                "modified_args": ["type": "object", "maxProperties": 0,
                                  "description": "Only {} is accepted: arguments cannot be edited on approval."],
                "decision": properties["decision"] ?? Schema.string(),
                "reason": properties["reason"] ?? Schema.string(),
            ], required: ["tool_call_id"])
        },
        translate: { body throws(RESTError) in
            if let modified = body["modified_args"], modified.objectValue?.isEmpty != true {
                throw RESTError.validation("modified_args is not supported: a tool call's arguments cannot be edited on approval", field: "modified_args")
            }
            var params: [String: JSONValue] = [:]
            if let id = body["tool_call_id"] { params["call_id"] = id }
            params["decision"] = body["decision"] ?? "allow_once"
            if let reason = body["reason"] { params["reason"] = reason }
            for key in body.keys where !["tool_call_id", "modified_args", "decision", "reason"].contains(key) {
                params[key] = body[key]
            }
            return params
        },
        fieldNames: ["call_id": "tool_call_id"])

    /// `{success, run_id, tool_call_id, modified_args_applied}` (+ `decision`, `status`).
    public static let approveResponse = ResponseShape(
        name: "approve",
        schema: { result in
            result.removingProperties(["call_id"]).addingProperties(
                ["tool_call_id": Schema.string(), "modified_args_applied": Schema.boolean], required: ["tool_call_id", "modified_args_applied"])
        },
        transform: { result, _ in
            guard case .object(var o) = result else { return result }
            o["tool_call_id"] = o.removeValue(forKey: "call_id")
            o["modified_args_applied"] = false
            return .object(o)
        })

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
}
