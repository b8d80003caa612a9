import Foundation
import JSON

/// One configured rule: allow, block or ask, for tools whose name matches a
/// glob (`*`, `?`), optionally only when arguments match patterns
/// (`{"path": "^secrets/"}`: the named argument, as text, matches the regex;
/// `"*"` as the key means any string argument).
public struct PolicyRule: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable { case allow, block, ask }

    public var action: Action
    public var tool: String
    public var args: [String: String]?
    public var reason: String?
    /// A name for the rule, reported in `tool.blocked` (default: action + glob).
    public var name: String?

    public init(action: Action, tool: String, args: [String: String]? = nil, reason: String? = nil, name: String? = nil) {
        self.action = action
        self.tool = tool
        self.args = args
        self.reason = reason
        self.name = name
    }

    public var label: String { name ?? "\(action.rawValue):\(tool)" }

    public static let schema: JSONValue = Schema.object([
        "action": Schema.oneOf(strings: ["allow", "block", "ask"]),
        "tool": Schema.string(minLength: 1, maxLength: 256),
        "args": Schema.map(Schema.string(minLength: 1, maxLength: 1024)),
        "reason": Schema.string(maxLength: 1024),
        "name": Schema.string(maxLength: 128),
    ], required: ["action", "tool"])
}
