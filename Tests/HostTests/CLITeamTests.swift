import Foundation
import RPC
import Testing

/// `oi-host roles …` and `oi-host groups …` as a person types them: the
/// example team in `examples/teams` runs to its decision.
@Suite struct CLITeamTests {
    @Test func theExampleTeamIsBuiltAndRunFromTheCommandLine() async throws {
        let cli = CLIRunTests()
        let dir = NSTemporaryDirectory() + "oi-cli-team-\(UUID().uuidString)"
        let examples = HostProcess.packageRoot + "/examples/teams/"
        for (name, extra) in [("researcher", ["--allow", "file_list"]), ("critic", ["--allow", "file_list"]), ("lead", ["--lead"])] {
            let made = try await cli.run(["roles", "create", name, "--prompt", "p", "--model-file", examples + name + ".model.json"] + extra, dir: dir)
            #expect(made.status == 0, "\(made.err)")
            #expect(made.out.hasPrefix("role_"))
        }
        let roles = try await cli.run(["roles", "list", "--format", "json"], dir: dir)
        #expect(try JSONParser.parse(roles.out)["roles"]?.arrayValue?.count == 3)
        let group = try await cli.run(["groups", "create", "platform", "--role", "researcher", "--role", "critic", "--role", "lead"], dir: dir)
        #expect(group.status == 0 && group.out.hasPrefix("grp_"), "\(group.err)")
        let listed = try await cli.run(["groups", "list"], dir: dir)
        #expect(listed.out.contains("platform") && listed.out.contains("[researcher, critic, lead*]"))

        let ran = try await cli.run(["groups", "run", "platform", "Which database?", "--stream"], dir: dir)
        #expect(ran.status == 0, "\(ran.err)")
        #expect(ran.out.contains("⇢ task → researcher") && ran.out.contains("✎ proposal (critic)"))
        #expect(ran.out.contains("Blocked by policy: file_write"))
        #expect(ran.out.contains("◆ decision: Start on SQLite; move to PostgreSQL when a second worker is needed"))
        #expect(ran.out.contains("✔ completed"))

        let refused = try await cli.run(["roles", "delete", "critic"], dir: dir)
        #expect(refused.status != 0 && refused.err.contains("member"))
        #expect(try await cli.run(["roles", "delete", "critic", "--force"], dir: dir).status == 0)
        let quiet = try await cli.run(["groups", "run", "platform", "again"], dir: dir)
        #expect(quiet.status == 0 && quiet.out.contains("Start on SQLite"))
    }
}
