import Foundation
import RPC
import Testing
@testable import Runtime

/// The tool runner's bound: a tool stuck in a system call still ends on its
/// timeout and on a cancel, and the runner returns without waiting for it.
@Suite struct ToolRunnerTests {
    /// Blocks in `read(2)` on a pipe nobody writes to, through `BlockingIO`.
    struct StuckTool: Tool {
        let name = "stuck"
        let description = "Never returns on its own."
        let risk = RiskLevel.low
        let inputSchema = Schema.object([:])
        let pipe: StuckPipe

        func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
            let pipe = self.pipe
            _ = try await BlockingIO.run { pipe.read() }
            return ToolOutput("came back")
        }
    }

    let context = ToolContext(orgID: "org", userID: "user", projectID: nil, runID: "run_1", callID: "c1",
                              workspace: Workspace(root: NSTemporaryDirectory() + "oi-unused"))

    func runner(_ pipe: StuckPipe, timeout: Duration) -> ToolRunner {
        ToolRunner(registry: ToolRegistry([StuckTool(pipe: pipe)]), timeout: timeout)
    }

    @Test func aToolStuckInASystemCallTimesOut() async throws {
        let pipe = try StuckPipe()
        defer { pipe.release() }
        let outcome = await runner(pipe, timeout: .milliseconds(200)).run(ToolCall(id: "c1", name: "stuck", arguments: [:]), allowed: nil, context: context)
        #expect(outcome.output == .error("tool stuck timed out after 200 ms"))
        #expect(!pipe.wasRead)
    }

    @Test func cancellingACallStuckInASystemCallEndsIt() async throws {
        let pipe = try StuckPipe()
        defer { pipe.release() }
        let runner = runner(pipe, timeout: .seconds(600))
        let context = self.context
        let call = Task { await runner.run(ToolCall(id: "c1", name: "stuck", arguments: [:]), allowed: nil, context: context) }
        try await Task.sleep(for: .milliseconds(100))
        call.cancel()
        #expect(await call.value.output == .error("tool stuck was cancelled"))
        #expect(!pipe.wasRead)
    }
}
