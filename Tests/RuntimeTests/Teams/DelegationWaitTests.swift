import JSON
import Store
import Testing
import TestSupport
@testable import Runtime

/// The parent of delegated runs waits without a worker slot
/// (`waiting_children`), its children run on the queue like any run, and it
/// resumes once with one result per delegation call.
@Suite struct DelegationWaitTests {

    /// Waits until `runID` has `status`.
    static func waitFor(_ engine: Engine, _ runID: String, _ status: RunStatus) async throws {
        try await withDeadline(.seconds(30), "run \(runID) \(status.rawValue)") {
            while try await engine.runs.get(runID, in: TestTenants.a).status != status { try await Task.sleep(for: .milliseconds(20)) }
        }
    }

    @Test(arguments: Backend.all)
    func threeChildrenRunAtOnceWhileTheParentWaitsWithoutASlot(_ backend: Backend) async throws {
        let probe = ProbeTool()
        try await withEngine(backend, settings: ["queue.concurrency": "3"], tools: [probe]) { engine in
            for name in ["alpha", "beta", "gamma"] {
                _ = try await DelegationTests.role(engine, name, .turns(.calls([("probe", [:])]), .text("\(name) done")))
            }
            let parent = try await engine.createRun("Split it", .turns(
                .calls([("dispatch_subtasks", ["subtasks": [["role_id": "alpha", "goal": "a"], ["role_id": "beta", "goal": "b"],
                                                            ["role_id": "gamma", "goal": "c"]]])], ids: ["d1"]),
                .text("all merged")))
            // Three children in their tool calls at once, on three slots: the parent holds none.
            var arrived: Set<String> = []
            for _ in 0..<3 { arrived.insert(try await probe.nextArrival()) }
            #expect(arrived.count == 3 && probe.mostAtOnce == 3)
            let waiting = try await engine.runs.get(parent.id, in: TestTenants.a)
            #expect(waiting.status == .waitingChildren && waiting.leaseOwner == nil)
            probe.open()
            let events = try await engine.followToEnd(parent.id)
            #expect(events.last?.payload["output"] == "all merged")
            let children = try await engine.runs.children(of: parent.id, in: TestTenants.a)
            #expect(Set(children.map(\.id)) == arrived)
            #expect(children.map(\.sessionKey) == (1...3).map { "child:\(parent.id):\($0)" })
            // They overlapped in time: each started before every other ended.
            for a in children { for b in children where a.id != b.id { #expect(a.startedAt! < b.endedAt!) } }
            let delegated = events.filter { $0.type == EventType.runDelegated }
            #expect(delegated.count == 1)
            #expect(delegated.first?.payload["call_id"] == "d1")
            #expect(delegated.first?.payload["child_run_ids"] == .array(children.map { .string($0.id) }))
            let results = events.filter { $0.type == EventType.toolResult && $0.payload["call_id"] == "d1" }
            #expect(results.count == 1)
            let entries = results.first?.payload["result"]?["child_results"]?.arrayValue ?? []
            #expect(entries.map { $0["result"]?.stringValue ?? "" } == ["alpha done", "beta done", "gamma done"])
            #expect(entries.map { $0["role"]?.stringValue ?? "" } == ["alpha", "beta", "gamma"])
            #expect(entries.map { $0["status"]?.stringValue ?? "" } == ["completed", "completed", "completed"])
            #expect(entries.map { $0["child_run_id"]?.stringValue ?? "" } == children.map(\.id))
        }
    }

    @Test(arguments: Backend.all)
    func aQueueOfOneStillFinishesADelegatingRun(_ backend: Backend) async throws {
        try await withEngine(backend, settings: ["queue.concurrency": "1"]) { engine in
            _ = try await DelegationTests.role(engine, "helper", .answer("helped"))
            let parent = try await engine.createRun("Delegate twice", .turns(
                .calls([("dispatch_subtasks", ["subtasks": [["role_id": "helper", "goal": "one"], ["role_id": "helper", "goal": "two"]]])], ids: ["d1"]),
                .calls([("handoff_to", ["role_id": "helper", "goal": "three"])], ids: ["h1"]),
                .text("finished")))
            let events = try await engine.followToEnd(parent.id)
            #expect(events.last?.payload["output"] == "finished")
            #expect(DelegationTests.result(events, "h1")?["result"]?["child_results"]?[0]?["result"] == "helped")
            #expect(try await engine.runs.children(of: parent.id, in: TestTenants.a).count == 3)
        }
    }

    @Test(arguments: Backend.all)
    func aFailedChildIsAToolErrorNamingItsError(_ backend: Backend) async throws {
        try await withEngine(backend, settings: ["queue.concurrency": "2"]) { engine in
            _ = try await DelegationTests.role(engine, "good", .answer("fine"))
            // Its script calls a tool forever: max_steps 1 makes it fail.
            _ = try await engine.teams.createRole(RoleDraft(name: "bad", systemPrompt: "x",
                                                            model: AgentSpec.scripted(.turns(.calls([("list_roles", [:])]), .calls([("list_roles", [:])])), maxSteps: 1).json), in: TestTenants.a)
            let parent = try await engine.createRun("Try", .turns(
                .calls([("dispatch_subtasks", ["subtasks": [["role_id": "good", "goal": "g"], ["role_id": "bad", "goal": "b"]]])], ids: ["d1"]),
                .text("coped")))
            let events = try await engine.followToEnd(parent.id)
            #expect(events.last?.payload["output"] == "coped")
            let result = try #require(DelegationTests.result(events, "d1"))
            #expect(result["is_error"] == true)
            let entries = result["result"]?["child_results"]?.arrayValue ?? []
            #expect(entries.map { $0["status"]?.stringValue ?? "" } == ["completed", "failed"])
            #expect(entries.last?["result"]?["code"] == "max_steps")
        }
    }

    @Test(arguments: Backend.all)
    func theConfiguredLimitsRefuseWithAToolError(_ backend: Backend) async throws {
        try await withEngine(backend, settings: ["agent.maxDelegationDepth": "1", "agent.maxChildrenPerCall": "2"]) { engine in
            _ = try await DelegationTests.role(engine, "echo", .turns(.calls([("handoff_to", ["role_id": "echo", "goal": "again"])], ids: ["again"]),
                                                           .text("echo done")))
            let parent = try await engine.createRun("Go", .turns(
                .calls([("dispatch_subtasks", ["subtasks": [["role_id": "echo", "goal": "1"], ["role_id": "echo", "goal": "2"],
                                                            ["role_id": "echo", "goal": "3"]]])], ids: ["many"]),
                .calls([("handoff_to", ["role_id": "echo", "goal": "again"])], ids: ["h1"]),
                .text("top done")))
            let events = try await engine.followToEnd(parent.id)
            #expect(events.last?.payload["output"] == "top done")
            let many = try #require(DelegationTests.result(events, "many"))
            #expect(many["is_error"] == true && many["result"]?["error"]?.stringValue?.contains("at most 2 tasks") == true)
            let children = try await engine.runs.children(of: parent.id, in: TestTenants.a)
            #expect(children.count == 1)
            let child = try #require(children.first)
            let refused = DelegationTests.result(try await engine.storedEvents(child.id), "again")
            #expect(refused?["is_error"] == true && refused?["result"]?["error"]?.stringValue?.contains("limited to 1 levels") == true)
            #expect(try await engine.runs.children(of: child.id, in: TestTenants.a).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func aChildsLimitsAreTheSmallerOfItsOwnAndWhatItsParentHasLeft(_ backend: Backend) async throws {
        try await withEngine(backend) { engine in
            _ = try await engine.teams.createRole(RoleDraft(name: "roomy", systemPrompt: "x",
                                                            model: AgentSpec.scripted(.answer("ok"), maxSteps: 50).json), in: TestTenants.a)
            _ = try await engine.teams.createRole(RoleDraft(name: "tight", systemPrompt: "x",
                                                            model: AgentSpec.scripted(.answer("ok"), maxSteps: 1).json), in: TestTenants.a)
            let parent = try await engine.createRun("Go", .turns(
                .calls([("dispatch_subtasks", ["subtasks": [["role_id": "roomy", "goal": "a"], ["role_id": "tight", "goal": "b"]]])]),
                .text("done")), maxSteps: 4)
            _ = try await engine.followToEnd(parent.id)
            let specs = try await engine.runs.children(of: parent.id, in: TestTenants.a).map { try Executor.spec(of: $0) }
            // The parent had used one step of four when it delegated.
            #expect(specs.map(\.maxSteps) == [3, 1])
            #expect(specs.allSatisfy { ($0.timeoutMs ?? .max) <= 300_000 })
        }
    }

    @Test(arguments: Backend.all)
    func whatAChildSpentCountsTowardItsParentsBudget(_ backend: Backend) async throws {
        try await withEngine(backend) { engine in
            // About 10,000 tokens of answer: more than the parent's whole budget.
            _ = try await DelegationTests.role(engine, "verbose", .answer(String(repeating: "word ", count: 8_000)))
            var spec = AgentSpec.scripted(.turns(.calls([("handoff_to", ["role_id": "verbose", "goal": "say a lot"])], ids: ["h1"]),
                                                 .text("never reached")), tools: ["handoff_to"])
            spec.maxTokensTotal = 8_000
            let parent = try await engine.runs.create(CreateRun(input: "Go", agent: spec), in: TestTenants.a).run
            let events = try await engine.followToEnd(parent.id)
            let child = try #require(try await engine.runs.children(of: parent.id, in: TestTenants.a).first)
            #expect(child.status == .completed)
            #expect(DelegationTests.result(events, "h1")?["is_error"] == false)
            // The parent's own calls stayed under 8,000 tokens; with its child's it is over, so it stops before its next step.
            #expect(parent.usage.inputTokens + parent.usage.outputTokens == 0)
            let ended = try await engine.runs.get(parent.id, in: TestTenants.a)
            #expect(ended.usage.inputTokens + ended.usage.outputTokens < 8_000)
            #expect(ended.status == .failed && ended.stopReason == "budget", "\(ended.status) \(ended.stopReason ?? "")")
        }
    }

    @Test(arguments: Backend.all)
    func aRoleOrGroupOfAnotherProjectCannotBeTargeted(_ backend: Backend) async throws {
        try await withEngine(backend) { engine in
            _ = try await DelegationTests.role(engine, "outsider", .answer("leaked"), scope: TestTenants.otherProject)
            _ = try await engine.teams.createGroup(name: "their-team", description: "", in: TestTenants.otherProject)
            let parent = try await engine.createRun("Reach across", .turns(
                .calls([("handoff_to", ["role_id": "outsider", "goal": "x"]), ("escalate_to_group", ["group_id": "their-team", "goal": "y"])],
                       ids: ["h1", "e1"]),
                .text("stayed home")))
            let events = try await engine.followToEnd(parent.id)
            #expect(events.last?.payload["output"] == "stayed home")
            #expect(DelegationTests.result(events, "h1")?["is_error"] == true)
            #expect(DelegationTests.result(events, "e1")?["is_error"] == true)
            #expect(try await engine.runs.children(of: parent.id, in: TestTenants.a).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func cancellingAWaitingParentCancelsItsWholeSubtree(_ backend: Backend) async throws {
        let probe = ProbeTool()
        try await withEngine(backend, settings: ["queue.concurrency": "2"], tools: [probe]) { engine in
            _ = try await DelegationTests.role(engine, "worker", .turns(.calls([("probe", [:])]), .text("never")))
            _ = try await DelegationTests.role(engine, "manager", .turns(.calls([("handoff_to", ["role_id": "worker", "goal": "do it"])]), .text("never")))
            let parent = try await engine.createRun("Delegate", .turns(
                .calls([("handoff_to", ["role_id": "manager", "goal": "manage"])]), .text("unreachable")))
            let grandchild = try await probe.nextArrival()
            try await Self.waitFor(engine, parent.id, .waitingChildren)
            _ = try await engine.runs.cancel(parent.id, in: TestTenants.a)
            let events = try await engine.followToEnd(parent.id)
            #expect(events.last?.type == EventType.runCancelled)
            _ = try await engine.followToEnd(grandchild)
            let child = try #require(try await engine.runs.children(of: parent.id, in: TestTenants.a).first)
            // A child cancelled while it was still parking stops once the queue takes it back.
            _ = try await engine.followToEnd(child.id)
            #expect(try await engine.runs.get(child.id, in: TestTenants.a).status == .cancelled)
            #expect(try await engine.runs.get(grandchild, in: TestTenants.a).status == .cancelled)
            #expect(try await engine.runs.get(grandchild, in: TestTenants.a).rootRunID == parent.id)
            #expect(probe.cancelled == 1)
        }
    }
}

/// `runs/subscribe {root_run_id}`: a whole tree from its start, then live.
@Suite struct DelegationTreeFollowTests {
    @Test(arguments: Backend.all)
    func followingARootDeliversEveryRunOfTheTreeFromItsStart(_ backend: Backend) async throws {
        let probe = ProbeTool()
        try await withEngine(backend, settings: ["queue.concurrency": "2"], tools: [probe]) { engine in
            _ = try await DelegationTests.role(engine, "worker", .turns(.calls([("probe", [:])]), .text("worked")))
            _ = try await DelegationTests.role(engine, "manager", .turns(.calls([("handoff_to", ["role_id": "worker", "goal": "do it"])]),
                                                                         .text("managed")))
            let other = try await engine.createRun("Unrelated", .answer("elsewhere"), session: "s_other")
            let root = try await engine.createRun("Delegate", .turns(
                .calls([("handoff_to", ["role_id": "manager", "goal": "manage"])]), .text("all done")))
            // Subscribe while the grandchild is in its tool call: the earlier events are replayed.
            let grandchild = try await probe.nextArrival()
            let collected = EventCollector()
            let follower = RunFollower(service: engine.runs)
            let scope = TestTenants.a
            let follow = Task {
                let filter = EventBus.Filter(orgID: scope.orgID, userID: scope.userID, projectID: scope.projectID, rootRunID: root.id)
                try await follower.follow(filter, scope: scope, afterSeq: nil) { event in
                    collected.append(event)
                    return true
                }
            }
            probe.open()
            try await withDeadline(.seconds(30), "the tree's end") { try await follow.value }
            let events = collected.events.filter { $0.seq != nil }
            let child = try #require(try await engine.runs.children(of: root.id, in: scope).first)
            #expect(Set(events.map(\.runID)) == [root.id, child.id, grandchild])
            #expect(!events.contains { $0.runID == other.id })
            for id in [root.id, child.id, grandchild] {
                let seqs = events.filter { $0.runID == id }.compactMap(\.seq)
                #expect(seqs == Array(1...Int64(seqs.count)), "\(id): \(seqs)")
                #expect(events.filter { $0.runID == id }.last?.type == EventType.runCompleted)
            }
            #expect(events.last?.runID == root.id && events.last?.type == EventType.runCompleted)
        }
    }
}
