import JSON
import Store
import Testing
import TestSupport
@testable import Runtime

/// A group run's parent: its members in order, then the lead, whose answer
/// is the decision; `fail_fast` and cancel reach every member.
@Suite struct SerialOrchestratorTests {
    static let decision = #"{"decision":"Ship on SQLite","rationale":"both proposals agree","next_actions":["write the guide"]}"#

    /// A group of `members` (name, script) in order, then a lead answering `lead`; the roles' ids in seat order.
    static func group(_ engine: Engine, members: [(String, ScriptedProvider.Script)], lead: ScriptedProvider.Script,
                      config: JSONValue = [:], scope: Scope = TestTenants.a) async throws -> (group: Group, roles: [String]) {
        let group = try await engine.teams.createGroup(name: "platform", config: config, in: scope)
        var roles: [String] = []
        for (name, script) in members + [("lead", lead)] {
            let role = try await engine.teams.createRole(
                RoleDraft(name: name, systemPrompt: "You help.", isLead: name == "lead", model: AgentSpec.scripted(script).json), in: scope)
            _ = try await engine.teams.addMember(to: group.id, roleID: role.id, in: scope)
            roles.append(role.id)
        }
        return (group, roles)
    }

    static func start(_ engine: Engine, _ group: Group, scope: Scope = TestTenants.a) async throws -> (parent: Run, children: [Run]) {
        try await engine.teams.createRun(group: group.id, input: "Which database?", sessionKey: nil, llm: AgentSpec(), in: scope)
    }

    @Test(arguments: Backend.all)
    func membersRunInOrderThenTheLeadDecides(_ backend: Backend) async throws {
        try await withEngine(backend) { engine in
            let team = try await Self.group(engine, members: [("researcher", .answer("Proposal A")), ("critic", .answer("Proposal B"))],
                                            lead: .answer(Self.decision))
            let created = try await Self.start(engine, team.group)
            #expect(created.children.map(\.roleID) == team.roles)
            let events = try await engine.followToEnd(created.parent.id)
            #expect(events.last?.type == EventType.runCompleted)

            var expected: [String] = []
            for role in team.roles.dropLast() {
                expected += ["message.task@\(role)", "message.status@\(role)", "message.proposal@\(role)", "message.evidence@\(role)", "message.status@\(role)"]
            }
            let lead = team.roles.last ?? ""
            expected += ["message.task@\(lead)", "message.status@\(lead)", "message.decision@\(lead)", "message.status@\(lead)"]
            #expect(events.filter { $0.type.hasPrefix("message.") }.map { "\($0.type)@\($0.roleID ?? "?")" } == expected)
            #expect(events.first { $0.type == EventType.messageDecision }?.payload["decision"] == "Ship on SQLite")

            let parent = try await engine.runs.get(created.parent.id, in: created.parent.scope)
            #expect(parent.status == .completed && parent.output == JSONValue.string("Ship on SQLite").description)
            // Each member ran to its end before the next started.
            let children = try await created.children.asyncMap { try await engine.runs.get($0.id, in: $0.scope) }
            #expect(children.map(\.status) == [.completed, .completed, .completed])
            for (earlier, later) in zip(children, children.dropFirst()) {
                #expect((earlier.endedAt ?? .distantFuture) <= (later.startedAt ?? .distantPast))
            }
            let decisions = try await engine.teams.entries(of: team.group.id, type: "decision", in: TestTenants.a)
            #expect(decisions.map(\.content) == ["Ship on SQLite"])
        }
    }

    @Test(arguments: Backend.all)
    func aFailFastGroupFailsAtItsFirstFailedMember(_ backend: Backend) async throws {
        try await withEngine(backend) { engine in
            let team = try await Self.group(engine, members: [("researcher", .turns(.failure("the model is down", status: 400))),
                                                              ("critic", .answer("Proposal B"))],
                                            lead: .answer(Self.decision), config: ["fail_fast": true])
            let created = try await Self.start(engine, team.group)
            let events = try await engine.followToEnd(created.parent.id)
            #expect(events.last?.type == EventType.runFailed)
            #expect(events.last?.payload["error"]?["code"] == "role_failed")
            // Only the first member was ever tasked; the rest were cancelled unstarted.
            #expect(events.filter { $0.type == EventType.messageTask }.map(\.roleID) == [team.roles[0]])
            let children = try await created.children.asyncMap { try await engine.runs.get($0.id, in: $0.scope) }
            #expect(children.map(\.status) == [.failed, .cancelled, .cancelled])
            #expect(children.dropFirst().allSatisfy { $0.attempts == 0 })
        }
    }

    @Test(arguments: Backend.all)
    func cancellingTheGroupRunCancelsItsMembers(_ backend: Backend) async throws {
        let probe = ProbeTool()
        try await withEngine(backend, tools: [probe]) { engine in
            let team = try await Self.group(engine, members: [("researcher", .turns(.calls([("probe", [:])]), .text("Proposal A"))),
                                                              ("critic", .answer("Proposal B"))],
                                            lead: .answer(Self.decision))
            let created = try await Self.start(engine, team.group)
            #expect(try await probe.nextArrival() == created.children[0].id)
            _ = try await engine.runs.cancel(created.parent.id, in: created.parent.scope)
            let events = try await engine.followToEnd(created.parent.id)
            #expect(events.last?.type == EventType.runCancelled)
            #expect(try await engine.followToEnd(created.children[0].id).last?.type == EventType.runCancelled)
            let children = try await created.children.asyncMap { try await engine.runs.get($0.id, in: $0.scope) }
            #expect(children.map(\.status) == [.cancelled, .cancelled, .cancelled])
            #expect(probe.cancelled == 1)
        }
    }
}
