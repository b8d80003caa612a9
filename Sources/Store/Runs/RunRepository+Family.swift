import Foundation

extension RunRepository {
    /// Creates a parent run and its children in ONE transaction, so no
    /// worker ever sees a parent without all of its children. Children get
    /// `parent_run_id`, their own session key `<parent_run_id>:<n>` (n from
    /// 1; their `sessionKey` is ignored), and `created_at` one millisecond
    /// apart in the given order, so `children(of:)` lists them in that order.
    public func createFamily(parent: NewRun, children: [NewRun], in scope: Scope, now: Date = Date()) async throws -> (parent: Run, children: [Run]) {
        for run in [parent] + children {
            try TextRules.key(run.sessionKey, field: "session_key")
            try TextRules.key(run.agentID, field: "agent_id")
            try TextRules.optionalJSONText(run.agentConfig, field: "agent_config")
            try TextRules.optionalJSONText(run.metadata, field: "metadata")
            try TextRules.optionalKey(run.groupID, field: "group_id")
            try TextRules.optionalKey(run.roleID, field: "role_id")
        }
        let parentID = Identifier.make(prefix: "run_", now: now)
        let childIDs = children.indices.map { i in Identifier.make(prefix: "run_", now: now.addingTimeInterval(Double(i + 1) / 1000)) }
        return try await database.transaction(.tenant(scope), .write) { c in
            // A family under a delegating run (escalate_to_group) joins that run's tree.
            let familyRoot: String? = try parent.parentRunID.map { up in
                guard let above = try RunSQL.fetch(c, id: up, scope: scope) else {
                    throw StoreError(.notFound, "parent run \(up) not found", field: "parent_run_id")
                }
                return above.rootRunID ?? above.id
            }
            func insert(_ new: NewRun, id: String, parentID: String?, sessionKey: String?, root: String?, at: Date) throws -> Run {
                guard let run = try c.queryFirst(
                    """
                    INSERT INTO runs (org_id, user_id, project_id, id, session_key, agent_id, input, status,
                        agent_config, llm_config, metadata, parent_run_id, root_run_id, group_id, role_id, created_at, updated_at)
                    VALUES (\(.text(scope.orgID)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(id)),
                        \(.text(sessionKey ?? new.sessionKey)), \(.text(new.agentID)), \(.text(new.input)), 'pending',
                        \(.optional(new.agentConfig)), \(.optional(new.llmConfig)), \(.optional(new.metadata)),
                        \(.optional(parentID)), \(.optional(root)), \(.optional(new.groupID)), \(.optional(new.roleID)), \(.date(at)), \(.date(at)))
                    RETURNING \(raw: Run.columns)
                    """, as: Run.self)
                else { throw StoreError(.internal, "run insert returned no row") }
                return run
            }
            let created = try insert(parent, id: parentID, parentID: parent.parentRunID, sessionKey: nil, root: familyRoot, at: now)
            var kids: [Run] = []
            for (i, child) in children.enumerated() {
                kids.append(try insert(child, id: childIDs[i], parentID: parentID, sessionKey: "\(parentID):\(i + 1)",
                                       root: familyRoot ?? parentID, at: now.addingTimeInterval(Double(i + 1) / 1000)))
            }
            return (created, kids)
        }
    }
}

extension RunRepository {
    /// Adds children to a run that exists (a delegating run), all in ONE
    /// transaction: each gets `parent_run_id`, `root_run_id` (the parent's
    /// root, or the parent), the session key `child:<parent_run_id>:<n>`
    /// (the queue claims such runs like top-level ones; n after the parent's children so far; their
    /// `sessionKey` is ignored) and `created_at` one millisecond apart in
    /// the given order. Throws `.notFound` when the parent is not in `scope`.
    public func createChildren(of parentID: String, _ children: [NewRun], in scope: Scope, now: Date = Date()) async throws -> [Run] {
        for run in children {
            try TextRules.key(run.agentID, field: "agent_id")
            try TextRules.optionalJSONText(run.agentConfig, field: "agent_config")
            try TextRules.optionalJSONText(run.llmConfig, field: "llm_config")
            try TextRules.optionalJSONText(run.metadata, field: "metadata")
            try TextRules.optionalKey(run.groupID, field: "group_id")
            try TextRules.optionalKey(run.roleID, field: "role_id")
        }
        return try await database.transaction(.tenant(scope), .write) { c in
            guard let parent = try RunSQL.fetch(c, id: parentID, scope: scope) else {
                throw StoreError(.notFound, "parent run \(parentID) not found", field: "parent_run_id")
            }
            let root = parent.rootRunID ?? parent.id
            let earlier = try c.queryFirst(
                "SELECT COUNT(*) AS n FROM runs WHERE \(.inScope(scope)) AND parent_run_id = \(.text(parentID))")?.int("n") ?? 0
            var created: [Run] = []
            for (i, child) in children.enumerated() {
                let at = now.addingTimeInterval(Double(i) / 1000)
                guard let run = try c.queryFirst(
                    """
                    INSERT INTO runs (org_id, user_id, project_id, id, session_key, agent_id, input, status,
                        agent_config, llm_config, metadata, parent_run_id, root_run_id, group_id, role_id, created_at, updated_at)
                    VALUES (\(.text(scope.orgID)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(Identifier.make(prefix: "run_", now: at))),
                        \(.text("child:\(parentID):\(earlier + i + 1)")), \(.text(child.agentID)), \(.text(child.input)), 'pending',
                        \(.optional(child.agentConfig)), \(.optional(child.llmConfig)), \(.optional(child.metadata)),
                        \(.text(parentID)), \(.text(root)), \(.optional(child.groupID)), \(.optional(child.roleID)), \(.date(at)), \(.date(at)))
                    RETURNING \(raw: Run.columns)
                    """, as: Run.self)
                else { throw StoreError(.internal, "run insert returned no row") }
                created.append(run)
            }
            return created
        }
    }
}
