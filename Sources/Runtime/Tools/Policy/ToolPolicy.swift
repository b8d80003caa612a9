import Foundation
import JSON

/// Decides, for each tool call, allow / block / ask. Precedence (first that
/// applies wins):
/// 1. the role's `denied_tools` → block; a non-empty `allowed_tools` list the
///    call is not on → block;
/// 2. a configured `block` rule → block;
/// 3. the first configured `allow` or `ask` rule that matches, in file order,
///    decides between the two (so a narrow `allow` listed before a broad
///    `ask` wins);
/// 4. a built-in high-risk rule (deleting, writing outside the workspace,
///    `rm -rf`, `curl | sh`, network egress) → block, unless step 3 chose allow;
/// 5. an `ask` from step 3, or a `high` risk tool no rule allows → ask,
///    unless the scope holds an `allow_always` grant for the tool;
/// 6. otherwise allow.
public struct ToolPolicy: Sendable {
    public enum Decision: Sendable, Equatable {
        case allow
        case block(rule: String, reason: String)
        case ask(rule: String, reason: String)
    }

    /// The role's tool lists (roles arrive with teams; a run without a role has none).
    public struct RoleTools: Sendable, Equatable {
        public var allowed: [String]
        public var denied: [String]

        public init(allowed: [String] = [], denied: [String] = []) {
            self.allowed = allowed
            self.denied = denied
        }
    }

    public var rules: [PolicyRule]

    public init(rules: [PolicyRule] = []) {
        self.rules = rules
    }

    public func decide(_ call: ToolCall, risk: RiskLevel, role: RoleTools? = nil, granted: Bool = false) -> Decision {
        // A tool and its old names (`file_write` for `write_file`) are one tool to every list and rule.
        let names = ToolAliases.names(of: call.name)
        let variants = names.map { name -> ToolCall in
            var named = call
            named.name = name
            return named
        }
        func listed(_ patterns: [String]) -> String? { patterns.first { p in names.contains { Glob.matches(p, $0) } } }
        func matches(_ rule: PolicyRule) -> Bool { variants.contains { rule.matches($0) } }
        if let role {
            if let hit = listed(role.denied) {
                return .block(rule: "role:denied:\(hit)", reason: "the role may not use \(call.name)")
            }
            if !role.allowed.isEmpty, listed(role.allowed) == nil {
                return .block(rule: "role:allowed", reason: "\(call.name) is not among the role's allowed tools")
            }
        }
        if let block = rules.first(where: { $0.action == .block && matches($0) }) {
            return .block(rule: block.label, reason: block.reason ?? "blocked by rule \(block.label)")
        }
        let chosen = rules.first { $0.action != .block && matches($0) }
        if chosen?.action != .allow, let finding = HighRiskRules.evaluate(call) {
            return .block(rule: finding.rule, reason: finding.reason)
        }
        if let ask = chosen, ask.action == .ask {
            return granted ? .allow : .ask(rule: ask.label, reason: ask.reason ?? "\(call.name) needs approval (rule \(ask.label))")
        }
        if risk == .high && chosen == nil {
            return granted ? .allow : .ask(rule: "builtin:high-risk", reason: "\(call.name) is a high-risk tool")
        }
        return .allow
    }
}
