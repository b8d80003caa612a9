/// Where a setting's value came from, lowest precedence first.
public enum ConfigSource: Int, Sendable, Comparable, CustomStringConvertible {
    case defaults, file, environment, flag, request

    public static func < (a: ConfigSource, b: ConfigSource) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .defaults: return "default"
        case .file: return "config file"
        case .environment: return "environment"
        case .flag: return "command-line flag"
        case .request: return "request"
        }
    }
}

/// A refused value, with the key and where it came from, e.g.
/// `llm.temperature = "hot" (environment LLM_TEMPERATURE): must be a number`.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var key: String
    public var source: ConfigSource
    public var origin: String
    public var message: String

    public var description: String { "\(key) (\(source) \(origin)): \(message)" }
}
