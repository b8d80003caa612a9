import JSON

/// One documented setting: its dotted key in `agent.config.json`, the
/// environment variables that set it, its type and default. The table in
/// `ConfigKeys` is the single list `init`, `doctor`, the loader and the README
/// are written from.
public struct ConfigKey: Sendable {
    public enum Kind: Sendable {
        case string
        case secret
        case url
        case bool
        case integer(ClosedRange<Int64>)
        case number(ClosedRange<Double>)
        case choice([String])
        case stringList
    }

    public let key: String
    public let env: [String]
    public let kind: Kind
    public let defaultValue: JSONValue?
    public let help: String

    public init(_ key: String, env: [String] = [], _ kind: Kind, default defaultValue: JSONValue? = nil, _ help: String) {
        self.key = key
        self.env = env
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
    }

    public var isSecret: Bool {
        if case .secret = kind { return true }
        return false
    }

    /// Checks a value from a JSON file (already typed) or converts one from
    /// the environment or a flag (text). Returns a message on failure.
    func coerce(_ raw: JSONValue) -> Result<JSONValue, ConfigProblem> {
        switch kind {
        case .string, .secret:
            if let s = raw.stringValue { return .success(.string(s)) }
        case .url:
            if let s = raw.stringValue {
                if s.contains("://") { return .success(.string(s)) }
                return .failure(.init("must be a URL with a scheme, like https://host/path"))
            }
        case .bool:
            if let b = raw.boolValue { return .success(.bool(b)) }
            if let s = raw.stringValue?.lowercased() {
                if ["true", "1", "yes", "on"].contains(s) { return .success(true) }
                if ["false", "0", "no", "off", ""].contains(s) { return .success(false) }
            }
            return .failure(.init("must be true or false"))
        case .integer(let range):
            let n = raw.intValue ?? raw.stringValue.flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
            guard let n else { return .failure(.init("must be an integer")) }
            guard range.contains(n) else { return .failure(.init("must be between \(range.lowerBound) and \(range.upperBound)")) }
            return .success(.int(n))
        case .number(let range):
            let n = raw.doubleValue ?? raw.stringValue.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard let n, n.isFinite else { return .failure(.init("must be a number")) }
            guard range.contains(n) else { return .failure(.init("must be between \(range.lowerBound) and \(range.upperBound)")) }
            return .success(.double(n))
        case .choice(let options):
            if let s = raw.stringValue, options.contains(s) { return .success(.string(s)) }
            return .failure(.init("must be one of \(options.joined(separator: ", "))"))
        case .stringList:
            if let a = raw.arrayValue, a.allSatisfy({ $0.stringValue != nil }) { return .success(raw) }
            if let s = raw.stringValue {
                let items = s.split(separator: ",").map { JSONValue.string($0.trimmingCharacters(in: .whitespaces)) }
                return .success(.array(items))
            }
            return .failure(.init("must be a list of strings"))
        }
        return .failure(.init("must be a string"))
    }
}

/// Why a value was refused, before the key and source are attached.
public struct ConfigProblem: Error, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}

import Foundation
