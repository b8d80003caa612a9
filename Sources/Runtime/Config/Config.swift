import Foundation
import JSON

/// The resolved settings of one process: `agent.config.json` < environment <
/// command-line flags (request params override per call, in the runtime).
/// Each value remembers its source so errors and `doctor` can name it.
public struct Config: Sendable {
    public struct Value: Sendable {
        public var value: JSONValue
        public var source: ConfigSource
        public var origin: String
    }

    public private(set) var values: [String: Value] = [:]
    public private(set) var mcpServers: [MCPServerConfig] = []
    /// `tools.rules`: the tool policy's allow / block / ask rules.
    public private(set) var toolRules: [PolicyRule] = []
    /// `pricing`: US dollars per million tokens by `provider/model` (file, or `OI_PRICING` as JSON).
    public private(set) var pricing = PriceTable()
    /// Things worth telling the operator that are not errors (unknown keys…).
    public private(set) var warnings: [String] = []
    /// The config file that was read, if any.
    public private(set) var file: String?

    public init() {}

    public subscript(key: String) -> JSONValue? { values[key]?.value }

    public func string(_ key: String) -> String? {
        guard let s = values[key]?.value.stringValue, !s.isEmpty else { return nil }
        return s
    }

    public func int(_ key: String) -> Int64? { values[key]?.value.intValue }
    public func double(_ key: String) -> Double? { values[key]?.value.doubleValue }
    public func bool(_ key: String) -> Bool { values[key]?.value.boolValue ?? false }
    public func source(_ key: String) -> Value? { values[key] }

    /// Loads and validates every layer; the first invalid value is an error.
    public static func load(
        file: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        flags: [String: String] = [:]
    ) throws(ConfigError) -> Config {
        var config = Config()
        for key in ConfigKeys.all {
            if let d = key.defaultValue { config.values[key.key] = Value(value: d, source: .defaults, origin: "") }
        }
        let path = file ?? environment["OI_CONFIG"] ?? "agent.config.json"
        if FileManager.default.fileExists(atPath: path) {
            try config.applyFile(path)
        } else if file != nil {
            throw ConfigError(key: "config", source: .flag, origin: path, message: "no such file")
        }
        for key in ConfigKeys.all {
            for name in key.env {
                guard let raw = environment[name], !raw.isEmpty else { continue }
                try config.set(key, .string(raw), source: .environment, origin: name)
            }
        }
        if let raw = environment["OI_PRICING"], !raw.isEmpty {
            let value: JSONValue
            do { value = try JSONParser.parse(Array(raw.utf8)) } catch {
                throw ConfigError(key: "pricing", source: .environment, origin: "OI_PRICING", message: "not valid JSON: \(error)")
            }
            try config.applyPricing(value, source: .environment, origin: "OI_PRICING")
        }
        for (name, raw) in flags.sorted(by: { $0.key < $1.key }) {
            guard let key = ConfigKeys.byKey[name] else {
                throw ConfigError(key: name, source: .flag, origin: "--set", message: "unknown setting")
            }
            try config.set(key, .string(raw), source: .flag, origin: "--set")
        }
        let limits = MCPClientLimits(config: config)
        for i in config.mcpServers.indices { config.mcpServers[i].limits = limits }
        for key in ConfigKeys.all where !ConfigKeys.isImplemented(key.key) {
            guard let set = config.values[key.key], set.source != .defaults else { continue }
            config.warnings.append("\(key.key) (\(set.source) \(set.origin)) is not implemented yet: it has no effect")
        }
        return config
    }

    private mutating func set(_ key: ConfigKey, _ raw: JSONValue, source: ConfigSource, origin: String) throws(ConfigError) {
        switch key.coerce(raw) {
        case .success(let v): values[key.key] = Value(value: v, source: source, origin: origin)
        case .failure(let p):
            let shown = key.isSecret ? "" : " = \(raw)"
            throw ConfigError(key: key.key + shown, source: source, origin: origin, message: p.message)
        }
    }

    private mutating func applyFile(_ path: String) throws(ConfigError) {
        self.file = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(key: "config", source: .file, origin: path, message: "cannot read the file")
        }
        let root: JSONValue
        do { root = try JSONParser.parse(data) } catch {
            throw ConfigError(key: "config", source: .file, origin: path, message: "not valid JSON: \(error)")
        }
        guard case .object(let top) = root else {
            throw ConfigError(key: "config", source: .file, origin: path, message: "must be a JSON object")
        }
        for (name, value) in top.sorted(by: { $0.key < $1.key }) {
            if name == "mcpServers" {
                try applyServers(value, path: path)
            } else if name == "pricing" {
                try applyPricing(value, source: .file, origin: path)
            } else if name == "tools", case .object(var tools) = value {
                if let rules = tools.removeValue(forKey: "rules") { try applyRules(rules, path: path) }
                try applyMember(name, .object(tools), path: path)
            } else {
                try applyMember(name, value, path: path)
            }
        }
    }

    private mutating func applyMember(_ prefix: String, _ value: JSONValue, path: String) throws(ConfigError) {
        if let key = ConfigKeys.byKey[prefix] {
            try set(key, value, source: .file, origin: path)
            return
        }
        if case .object(let members) = value, ConfigKeys.all.contains(where: { $0.key.hasPrefix(prefix + ".") }) {
            for (name, child) in members.sorted(by: { $0.key < $1.key }) {
                try applyMember(prefix + "." + name, child, path: path)
            }
            return
        }
        warnings.append("unknown config key '\(prefix)' in \(path) (ignored)")
    }

    private mutating func applyRules(_ value: JSONValue, path: String) throws(ConfigError) {
        let schema = Schema.array(PolicyRule.schema)
        if let failure = SchemaValidator.validate(value, against: schema, path: "tools.rules").first {
            throw ConfigError(key: failure.path, source: .file, origin: path, message: failure.message)
        }
        do {
            toolRules = try JSONValueCoding.decode([PolicyRule].self, from: value, path: "tools.rules")
        } catch {
            throw ConfigError(key: "tools.rules", source: .file, origin: path, message: error.message)
        }
        for rule in toolRules {
            for pattern in rule.args?.values.map({ $0 }) ?? [] where (try? NSRegularExpression(pattern: pattern)) == nil {
                throw ConfigError(key: "tools.rules", source: .file, origin: path, message: "\(pattern) is not a valid regular expression")
            }
        }
    }

    private mutating func applyPricing(_ value: JSONValue, source: ConfigSource, origin: String) throws(ConfigError) {
        if let failure = SchemaValidator.validate(value, against: PriceTable.schema, path: "pricing").first {
            throw ConfigError(key: failure.path, source: source, origin: origin, message: failure.message)
        }
        do {
            pricing = PriceTable(try JSONValueCoding.decode([String: ModelPrice].self, from: value, path: "pricing"))
        } catch {
            throw ConfigError(key: "pricing", source: source, origin: origin, message: error.message)
        }
    }

    private mutating func applyServers(_ value: JSONValue, path: String) throws(ConfigError) {
        guard case .object(let servers) = value else {
            throw ConfigError(key: "mcpServers", source: .file, origin: path, message: "must be an object of servers")
        }
        for (name, server) in servers.sorted(by: { $0.key < $1.key }) {
            switch MCPServerConfig.parse(name: name, server) {
            case .success(let s): mcpServers.append(s)
            case .failure(let p):
                throw ConfigError(key: "mcpServers.\(name)", source: .file, origin: path, message: p.message)
            }
        }
    }
}
