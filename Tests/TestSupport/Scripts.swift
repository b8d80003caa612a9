import JSON
@testable import Runtime

/// Scripts for the scripted model: what it answers, turn by turn (the turn
/// played is the number of assistant messages so far, so a resumed run goes on
/// where it was).
extension ScriptedProvider.Script {
    /// One final answer.
    public static func answer(_ text: String) -> Self {
        Self(turns: [.text(text)])
    }

    public static func turns(_ turns: ScriptedProvider.Turn..., then: String? = nil) -> Self {
        Self(turns: turns, then: then)
    }

    /// The script as `runs/create` takes it (`agent.script`).
    public var json: JSONValue {
        // A Script is plain Codable data: encoding cannot fail.
        (try? JSONValueCoding.encode(self)) ?? .null
    }
}

extension ScriptedProvider.Turn {
    public static func text(_ text: String) -> Self {
        Self(text: text)
    }

    /// A turn that says `text`, then calls each tool (name, arguments) in order;
    /// `ids` names the calls (default `call_<turn>_<n>`).
    public static func calls(_ calls: [(String, JSONValue)], text: String = "", ids: [String]? = nil) -> Self {
        Self(text: text, toolCalls: calls.enumerated().map { i, call in
            ScriptedProvider.ScriptedCall(id: ids?[i], name: call.0, arguments: call.1)
        })
    }

    /// A model call that fails (the provider's error, with an HTTP status if given).
    public static func failure(_ message: String, status: Int? = nil) -> Self {
        var turn = Self()
        turn.error = ScriptedProvider.ScriptedError(message: message, status: status)
        return turn
    }
}

extension AgentSpec {
    /// An agent played by the scripted model.
    public static func scripted(_ script: ScriptedProvider.Script, maxSteps: Int? = nil, tools: [String]? = nil) -> AgentSpec {
        var spec = AgentSpec()
        spec.provider = "scripted"
        spec.script = script
        spec.maxSteps = maxSteps
        spec.tools = tools
        return spec
    }

    /// The spec as a role's `model` block or `runs/create`'s `agent` takes it.
    public var json: JSONValue {
        (try? JSONValueCoding.encode(self)) ?? .null
    }
}
