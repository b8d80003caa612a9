import JSON
import Store
import Testing
import TestSupport
@testable import Runtime

/// Delegation: `handoff_to`, `dispatch_subtasks` and `escalate_to_group`
/// make child runs the queue executes while the parent waits
/// (`waiting_children`), and the call's result is every child's outcome
/// once the last one ended.
@Suite struct DelegationTests {
    static func role(_ engine: Engine, _ name: String, _ script: ScriptedProvider.Script, scope: Scope = TestTenants.a) async throws -> Role {
        try await engine.teams.createRole(RoleDraft(name: name, systemPrompt: "You are the \(name).", model: AgentSpec.scripted(script).json), in: scope)
    }

    /// The `tool.result` payload of the call `callID` in `events`.
    static func result(_ events: [RunEvent], _ callID: String) -> JSONValue? {
        events.first { $0.type == EventType.toolResult && $0.payload["call_id"]?.stringValue == callID }?.payload
    }

    @Test(arguments: Backend.all)
    func handingOffRunsTheRoleAsAChildAndReturnsItsAnswer(_ backend: Backend) async throws {
        try await withEngine(backend) { engine in
            let researcher = try await Self.role(engine, "researcher", .answer("SQLite is enough"))
            let parent = try await engine.createRun("Pick a database", .turns(
                .calls([("handoff_to", ["role_id": "researcher", "goal": "Compare the databases", "context": "We are small"])], ids: ["h1"]),
                .text("We use SQLite")))
            let events = try await engine.followToEnd(parent.id)
            #expect(events.last?.type == EventType.runCompleted)
            #expect(events.last?.payload["output"] == "We use SQLite")

            let children = try await engine.runs.children(of: parent.id, in: TestTenants.a)
            #expect(children.count == 1)
            let child = try #require(children.first)
            #expect(child.status == .completed && child.parentRunID == parent.id && child.roleID == researcher.id)
            #expect(child.sessionKey == "child:\(parent.id):1" && child.rootRunID == parent.id)
            #expect(child.input == "Compare the databases\n\n## Context\nWe are small")
            #expect(child.output == JSONValue.string("SQLite is enough").description)

            let result = try #require(Self.result(events, "h1"))
            #expect(result["is_error"] == false)
            let entry = result["result"]?["child_results"]?[0]
            #expect(entry?["child_run_id"]?.stringValue == child.id)
            #expect(entry?["status"] == "completed" && entry?["result"] == "SQLite is enough")
            #expect(entry?["role"] == "researcher" && entry?["goal"] == "Compare the databases")
            // The child's own trace is a whole run.
            let childEvents = try await engine.storedEvents(child.id)
            #expect(childEvents.first?.type == EventType.runStarted && childEvents.last?.type == EventType.runCompleted)
        }
    }

    @Test(arguments: Backend.all)
    func dispatchedSubtasksEachGetAChildAndAllResultsComeBackInOrder(_ backend: Backend) async throws {
        try await withEngine(backend) { engine in
            _ = try await Self.role(engine, "writer", .answer("a draft"))
            _ = try await Self.role(engine, "critic", .answer("two remarks"))
            let parent = try await engine.createRun("Write the guide", .turns(
                .calls([("dispatch_subtasks", ["subtasks": [["role_id": "writer", "goal": "draft it"], ["role_id": "critic", "goal": "review it"]]])],
                       ids: ["d1"]),
                .text("Guide written")))
            let events = try await engine.followToEnd(parent.id)
            #expect(events.last?.type == EventType.runCompleted)
            let children = try await engine.runs.children(of: parent.id, in: TestTenants.a)
            #expect(children.map(\.status) == [.completed, .completed])
            let results = Self.result(events, "d1")?["result"]?["child_results"]?.arrayValue ?? []
            #expect(results.map { $0["result"]?.stringValue ?? "" } == ["a draft", "two remarks"])
            #expect(results.map { $0["child_run_id"]?.stringValue ?? "" } == children.map(\.id))
        }
    }

    @Test(arguments: Backend.all)
    func escalatingToAGroupReturnsItsLeadsDecision(_ backend: Backend) async throws {
        try await withEngine(backend) { engine in
            let team = try await SerialOrchestratorTests.group(engine, members: [("researcher", .answer("Proposal A"))],
                                                               lead: .answer(SerialOrchestratorTests.decision))
            let parent = try await engine.createRun("Which database?", .turns(
                .calls([("escalate_to_group", ["group_id": .string(team.group.name), "goal": "Decide the database"])], ids: ["e1"]),
                .text("Escalated and decided")))
            let events = try await engine.followToEnd(parent.id)
            #expect(events.last?.type == EventType.runCompleted)
            let children = try await engine.runs.children(of: parent.id, in: TestTenants.a)
            let groupRun = try #require(children.first)
            #expect(children.count == 1 && groupRun.groupID == team.group.id && groupRun.status == .completed)
            let members = try await engine.runs.children(of: groupRun.id, in: TestTenants.a)
            #expect(members.map(\.status) == [.completed, .completed])
            let entry = Self.result(events, "e1")?["result"]?["child_results"]?[0]
            #expect(entry?["result"] == "Ship on SQLite" && entry?["child_run_id"]?.stringValue == groupRun.id)
        }
    }

    @Test(arguments: Backend.all)
    func theModelCanListTheRolesAndGroupsItMayDelegateTo(_ backend: Backend) async throws {
        try await withEngine(backend) { engine in
            let scribe = try await Self.role(engine, "scribe", .answer("noted"))
            let group = try await engine.teams.createGroup(name: "reviewers", description: "They review.", in: TestTenants.a)
            let parent = try await engine.createRun("Who is there?", .turns(
                .calls([("list_roles", [:]), ("list_available_groups", [:])], ids: ["r", "g"]), .text("I know now")))
            let events = try await engine.followToEnd(parent.id)
            #expect(events.last?.type == EventType.runCompleted)
            #expect(Self.result(events, "r")?["result"]?["roles"] == [["role_id": .string(scribe.id), "name": "scribe", "description": "", "is_lead": false]])
            #expect(Self.result(events, "g")?["result"]?["groups"] == [["group_id": .string(group.id), "name": "reviewers", "description": "They review."]])
        }
    }

    @Test(arguments: Backend.all)
    func anUnknownRoleIsAnErrorTheModelReadsAndNoChildIsMade(_ backend: Backend) async throws {
        try await withEngine(backend) { engine in
            let parent = try await engine.createRun("Delegate", .turns(
                .calls([("handoff_to", ["role_id": "nobody", "goal": "anything"])], ids: ["h1"]), .text("I will do it myself")))
            let events = try await engine.followToEnd(parent.id)
            #expect(events.last?.type == EventType.runCompleted)
            let result = try #require(Self.result(events, "h1"))
            #expect(result["is_error"] == true)
            #expect(result["result"]?["error"]?.stringValue?.contains("role not found: nobody") == true)
            #expect(try await engine.runs.children(of: parent.id, in: TestTenants.a).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func delegationStopsThreeLevelsDown(_ backend: Backend) async throws {
        try await withEngine(backend) { engine in
            // A role that hands its task to itself: each child delegates again until refused.
            _ = try await Self.role(engine, "echo", .turns(.calls([("handoff_to", ["role_id": "echo", "goal": "again"])], ids: ["again"]),
                                                           .text("done")))
            let parent = try await engine.createRun("Go deep", .turns(
                .calls([("handoff_to", ["role_id": "echo", "goal": "again"])], ids: ["h1"]), .text("top done")))
            let events = try await engine.followToEnd(parent.id)
            #expect(events.last?.payload["output"] == "top done")
            var chain: [Run] = []
            var next = parent.id
            while let child = try await engine.runs.children(of: next, in: TestTenants.a).first {
                chain.append(child)
                next = child.id
            }
            #expect(chain.count == 3)
            #expect(chain.allSatisfy { $0.rootRunID == parent.id })
            #expect(chain.allSatisfy { $0.status == .completed })
            let deepest = try await engine.storedEvents(try #require(chain.last).id)
            let refused = Self.result(deepest, "again")
            #expect(refused?["is_error"] == true)
            #expect(refused?["result"]?["error"]?.stringValue?.contains("limited to 3 levels") == true)
        }
    }

    @Test(arguments: Backend.all)
    func callingAgainWithTheSameCallFindsTheChildrenItMade(_ backend: Backend) async throws {
        try await withEngine(backend, running: false) { engine in
            _ = try await Self.role(engine, "researcher", .answer("found"))
            let parent = try await engine.createRun("Delegate", .answer("unused"))
            let tool = try #require(engine.tools.tool(named: "handoff_to"))
            let context = ToolContext(orgID: parent.scope.orgID, userID: parent.scope.userID, projectID: parent.scope.projectID,
                                      runID: parent.id, callID: "c1", workspace: Workspace(root: "/tmp"))
            let first = try await tool.call(["role_id": "researcher", "goal": "find it"], context: context)
            // As after a crash between the children's creation and the parent's parking.
            let again = try await tool.call(["role_id": "researcher", "goal": "find it"], context: context)
            let children = try await engine.runs.children(of: parent.id, in: TestTenants.a)
            #expect(children.count == 1 && children.first?.status == .pending)
            #expect(first.awaitedRuns == children.map(\.id) && again.awaitedRuns == first.awaitedRuns)
        }
    }

    @Test(arguments: Backend.all)
    func cancellingTheParentCancelsItsChildren(_ backend: Backend) async throws {
        let probe = ProbeTool()
        try await withEngine(backend, tools: [probe]) { engine in
            _ = try await Self.role(engine, "slow", .turns(.calls([("probe", [:])]), .text("never")))
            _ = try await Self.role(engine, "waiting", .answer("never either"))
            let parent = try await engine.createRun("Delegate", .turns(
                .calls([("dispatch_subtasks", ["subtasks": [["role_id": "slow", "goal": "wait"], ["role_id": "waiting", "goal": "wait too"]]])]),
                .text("unreachable")))
            let arrival = try await probe.nextArrival()
            _ = try await engine.runs.cancel(parent.id, in: TestTenants.a)
            let events = try await engine.followToEnd(parent.id)
            #expect(events.last?.type == EventType.runCancelled)
            // The parent waited without a worker: it ends at once, a running child once its worker stops it.
            for child in try await engine.runs.children(of: parent.id, in: TestTenants.a) { _ = try await engine.followToEnd(child.id) }
            let children = try await engine.runs.children(of: parent.id, in: TestTenants.a)
            #expect(children.contains { $0.id == arrival })
            #expect(children.allSatisfy { $0.status.isTerminal })
            let slow = try #require(children.first { $0.id == arrival })
            #expect(slow.status == .cancelled)
            #expect(probe.cancelled == 1)
        }
    }
}
