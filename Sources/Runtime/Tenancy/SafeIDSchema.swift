import JSON
import Store

/// The id rule (`SafeID`) as JSON Schemas, for every param that names
/// something that may reach a path: one definition, so every method refuses
/// the same ids with -32602 (-32003 inside `scope`) and `data.path`.
public enum SafeIDSchema {
    public static let id = Schema.string(minLength: 1, maxLength: SafeID.maxLength, pattern: SafeID.pattern)

    public static func id(description: String) -> JSONValue {
        Schema.string(minLength: 1, maxLength: SafeID.maxLength, pattern: SafeID.pattern, description: description)
    }

    /// The same check in code, for ids that arrive other than through a
    /// params schema (the CLI's flags, the environment): -32602 at `path`.
    public static func check(_ value: String?, path: String) throws(RuntimeError) {
        guard let value, let problem = SafeID.problem(value) else { return }
        throw RuntimeError.invalid("\(path) \(problem)", path: path)
    }
}
