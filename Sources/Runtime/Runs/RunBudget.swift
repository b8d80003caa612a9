/// The limits a run may spend before it stops with `stop_reason: budget`,
/// checked before each step from what the run has spent so far: tokens
/// (`agent.max_tokens_total`, input + output of every model call) and cost
/// (`agent.max_cost_usd`). One stop path for every budget: a spent one
/// ends the run as `run.failed {error: {code: budget}, stop_reason: budget}`.
struct RunBudget {
    var maxTokensTotal: Int64?
    var maxCostUsd: Double?

    init(_ spec: AgentSpec) {
        maxTokensTotal = spec.maxTokensTotal
        maxCostUsd = spec.maxCostUsd
    }

    /// Why the run must stop now, or nil while it may take another step.
    func exceeded(by usage: Usage) -> String? {
        if let limit = maxTokensTotal, usage.inputTokens + usage.outputTokens >= limit {
            return "the run spent \(usage.inputTokens + usage.outputTokens) of its \(limit) tokens (agent.max_tokens_total)"
        }
        if let limit = maxCostUsd, usage.costUsd >= limit {
            return "the run cost $\(Self.format(usage.costUsd)) of its $\(Self.format(limit)) budget (agent.max_cost_usd)"
        }
        return nil
    }

    static func format(_ dollars: Double) -> String {
        var text = String(format: "%.6f", dollars)
        while text.hasSuffix("0") && !text.hasSuffix(".0") { text.removeLast() }
        return text
    }
}
