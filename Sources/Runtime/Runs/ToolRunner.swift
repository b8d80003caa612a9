import Foundation
import JSON

/// Runs one tool call for the executor: unknown tools and invalid arguments
/// become error results the model reads (never a crash), and a call that
/// outlives its timeout is cancelled.
struct ToolRunner: Sendable {
    let registry: ToolRegistry
    let timeout: Duration
    /// `tools.maxResultBytes`, applied to every result (ToolResultCap).
    var resultCap = ToolResultCap()

    struct Outcome: Sendable {
        var output: ToolOutput
        var durationMs: Int64
    }

    func run(_ call: ToolCall, allowed: Set<String>?, context: ToolContext) async -> Outcome {
        let started = ContinuousClock.now
        let output = resultCap.apply(await execute(call, allowed: allowed, context: context))
        return Outcome(output: output, durationMs: (ContinuousClock.now - started).milliseconds)
    }

    private func execute(_ call: ToolCall, allowed: Set<String>?, context: ToolContext) async -> ToolOutput {
        if let allowed, !allowed.contains(call.name) {
            return .error("tool \(call.name) is not available to this agent")
        }
        guard let tool = registry.tool(named: call.name) else {
            return .error("unknown tool: \(call.name)")
        }
        let failures = SchemaValidator.validate(call.arguments, against: tool.inputSchema, path: "arguments")
        if !failures.isEmpty {
            return .error("invalid arguments: " + failures.prefix(5).map(\.message).joined(separator: "; "))
        }
        let limit = tool.timeout ?? timeout
        do {
            // The group returns only once both children have: on a timeout or
            // a cancel the tool's child must end when cancelled, which is why
            // tools make blocking system calls through `BlockingIO`.
            return try await withThrowingTaskGroup(of: ToolOutput?.self) { group in
                group.addTask { try await tool.call(call.arguments, context: context) }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let output = first else {
                    return .error("tool \(call.name) timed out after \(limit.milliseconds) ms")
                }
                return output
            }
        } catch is CancellationError {
            return .error("tool \(call.name) was cancelled")
        } catch let failure as ToolFailure {
            return .error(failure.message)
        } catch {
            return .error("tool \(call.name) failed: \(error)")
        }
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
