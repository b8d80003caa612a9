import Foundation
import JSON
import Store

/// A run handing work to others (`handoff_to`, `dispatch_subtasks`,
/// `escalate_to_group`): the call creates child runs (`parent_run_id`,
/// `root_run_id`, session key `child:<parent_run_id>:<n>`, one transaction
/// per call) that the queue claims like any run, and the parent parks in
/// `waiting_children` (no worker slot held) until the last one ends. The
/// queue's fan-in then puts the parent back; its step resumes at its calls
/// and this call, run again, finds its children ended and returns every
/// outcome (`child_results`), once.
///
/// Durable without state of its own: a child records its call
/// (`metadata.delegation.call_id`), so a call run again (after the wait, or
/// after a crash) finds the children it made instead of making them again
/// (the tools are `isIdempotent`), and each child resumes from its own checkpoint.
struct Delegation: Sendable {
    /// One piece of work: a role (id or name; nil: the delegating agent
    /// itself, without its script) and what it should do.
    struct Assignment: Sendable {
        var roleID: String?
        var goal: String
        var context: String?

        var input: String {
            guard let context, !context.isEmpty else { return goal }
            return goal + "\n\n## Context\n" + context
        }
    }

    let queue: RunQueue
    let teams: TeamService
    /// `agent.maxDelegationDepth`: a run this many levels below its root cannot delegate.
    var maxDepth = 3
    /// `agent.maxChildrenPerCall`: children one call may create.
    var maxChildren = 8
    var stores: Database { queue.stores }
    var defaults: AgentSpec { queue.executor.defaults }

    /// Delegates `tasks` to roles' runs, or (`group`) the first task to a
    /// group run. The first time it creates the children and answers
    /// `awaiting` (the run parks); once every child ended it returns
    /// `{child_results: [{child_run_id, role, goal, status, result}]}` in
    /// the call's order (`result`: the final answer, or the error of a
    /// failed or cancelled child; any child not completed makes it a tool error).
    func delegate(_ tool: String, tasks: [Assignment], group: String? = nil, context: ToolContext) async throws -> ToolOutput {
        let scope = try context.scope
        guard let parent = try await stores.runs.get(context.runID, in: scope) else { return .error("run \(context.runID) not found") }
        var children = try await stores.runs.children(of: parent.id, in: scope).filter { Self.callID(of: $0) == context.callID }
        if children.isEmpty {
            guard tasks.count <= maxChildren else {
                return .error("one call may delegate at most \(maxChildren) tasks (agent.maxChildrenPerCall); this one has \(tasks.count)")
            }
            let depth = try await depth(of: parent)
            guard depth < maxDepth else {
                return .error("delegation is limited to \(maxDepth) levels (agent.maxDelegationDepth): this run is \(depth) levels deep; do the work yourself")
            }
            do {
                children = try await create(tool, tasks: tasks, group: group, parent: parent, callID: context.callID)
            } catch let error as RuntimeError {
                return .error(error.message)
            } catch let error as StoreError {
                return .error(error.message)
            }
            queue.wake()
            return .awaiting(children.map(\.id))
        }
        if children.contains(where: { !$0.status.isTerminal }) { return .awaiting(children.map(\.id)) }
        let results: [JSONValue] = children.map { child in
            let task = Self.delegation(of: child)
            var o: [String: JSONValue] = ["child_run_id": .string(child.id), "status": .string(child.status.rawValue),
                                          "goal": task?["goal"] ?? .null, "role": task?["role"] ?? child.roleID.map(JSONValue.string) ?? .null]
            if child.status == .completed {
                o["result"] = .string(TeamMessages.output(of: child))
            } else {
                o["result"] = child.error.flatMap { try? JSONParser.parse($0) } ?? .string("the child run ended \(child.status.rawValue)")
            }
            return .object(o)
        }
        return ToolOutput(["child_results": .array(results)], isError: children.contains { $0.status != .completed })
    }

    /// How many ancestors `run` has.
    private func depth(of run: Run) async throws -> Int {
        var depth = 0
        var next = run.parentRunID
        while let id = next, depth <= maxDepth {
            depth += 1
            next = try await stores.runs.get(id, in: run.scope)?.parentRunID
        }
        return depth
    }

    private func create(_ tool: String, tasks: [Assignment], group: String?, parent: Run, callID: String) async throws -> [Run] {
        let parentSpec = try Executor.spec(of: parent)
        // What the children inherit of the parent's agent: its model (never its script) and its folder.
        var inherited = AgentSpec()
        inherited.provider = parentSpec.provider
        inherited.model = parentSpec.model
        inherited.baseURL = parentSpec.baseURL
        inherited.temperature = parentSpec.temperature
        inherited.maxTokens = parentSpec.maxTokens
        inherited.contextWindow = parentSpec.contextWindow
        inherited.workspace = parentSpec.workspace
        if let group, let task = tasks.first {
            let existing = try await stores.runs.children(of: parent.id, in: parent.scope).count
            var family = try await teams.plan(group: group, input: task.input, sessionKey: "child:\(parent.id):\(existing + 1)", llm: inherited, in: parent.scope)
            family.parent.parentRunID = parent.id
            family.parent.metadata = Self.metadata(tool, callID: callID, index: 0, task: task, role: nil)
            return [try await stores.runs.createFamily(parent: family.parent, children: family.children, in: parent.scope).parent]
        }
        var news: [NewRun] = []
        for (i, task) in tasks.enumerated() {
            var spec: AgentSpec
            var role: Role?
            if let roleID = task.roleID {
                let (played, found) = try await teams.agent(playing: roleID, in: parent.scope)
                spec = played
                role = found
                let allowed = TeamService.names(found.allowedTools), denied = TeamService.names(found.deniedTools)
                spec.role = RoleBinding(roleID: found.id, name: found.name, lead: false, groupID: "", groupName: "",
                                        allowedTools: allowed, deniedTools: denied)
                spec.systemPrompt = [spec.systemPrompt, Self.note].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
            } else {
                spec = parentSpec
                spec.script = nil
                spec.role = nil
                spec.team = nil
            }
            spec = spec.over(inherited)
            // A child may use only what its parent may: the parent's tool list bounds it.
            if let bound = parentSpec.tools {
                spec.tools = spec.tools.map { own in own.filter(bound.contains) } ?? bound
            }
            spec = try await bounded(spec, by: parent, spec: parentSpec)
            // The parent's attachments are in its own first message; a child gets its goal only.
            spec.attachments = nil
            news.append(NewRun(sessionKey: "-", agentID: role.map { "role:" + $0.id } ?? parent.agentID, input: task.input,
                               agentConfig: try TeamService.encode(spec),
                               metadata: Self.metadata(tool, callID: callID, index: i, task: task, role: role), roleID: role?.id))
        }
        return try await stores.runs.createChildren(of: parent.id, news, in: parent.scope)
    }

    /// A child's limits are the smaller of its own and what its parent has
    /// left: steps, time (from the parent's start), tokens, cost.
    private func bounded(_ child: AgentSpec, by parent: Run, spec parentSpec: AgentSpec) async throws -> AgentSpec {
        var child = child
        let own = parentSpec.over(defaults)
        if let max = own.maxSteps {
            let used = try await stores.checkpoints.list(for: parent.id, in: parent.scope).last.flatMap { try? CheckpointState.decode($0.state).step } ?? 0
            let left = Swift.max(1, max - used)
            child.maxSteps = Swift.min(child.maxSteps ?? defaults.maxSteps ?? left, left)
        }
        if let ms = own.timeoutMs {
            let elapsed = Int64(Date().timeIntervalSince(parent.startedAt ?? parent.createdAt) * 1000)
            let left = Swift.max(1000, ms - elapsed)
            child.timeoutMs = Swift.min(child.timeoutMs ?? defaults.timeoutMs ?? left, left)
        }
        if let tokens = own.maxTokensTotal {
            let left = Swift.max(1, tokens - parent.usage.inputTokens - parent.usage.outputTokens)
            child.maxTokensTotal = Swift.min(child.maxTokensTotal ?? left, left)
        }
        if let cost = own.maxCostUsd {
            let left = Swift.max(0, cost - Usage(parent.usage).costUsd)
            child.maxCostUsd = Swift.min(child.maxCostUsd ?? left, left)
        }
        return child
    }

    /// Added to a delegated role's system prompt.
    static let note = "Another agent delegated this task to you. Your final answer is returned to it as the result: make it complete and self-contained."

    static func metadata(_ tool: String, callID: String, index: Int, task: Assignment, role: Role?) -> String {
        var d: [String: JSONValue] = ["tool": .string(tool), "call_id": .string(callID), "index": .int(Int64(index)), "goal": .string(task.goal)]
        if let role { d["role"] = .string(role.name) }
        return JSONValue.object(["delegation": .object(d)]).description
    }

    static func delegation(of run: Run) -> JSONValue? {
        run.metadata.flatMap { try? JSONParser.parse($0) }?["delegation"]
    }

    static func callID(of run: Run) -> String? {
        delegation(of: run)?["call_id"]?.stringValue
    }
}
