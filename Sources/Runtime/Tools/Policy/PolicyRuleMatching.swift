import Foundation
import JSON

extension PolicyRule {
    /// Whether this rule applies to `call`: its name matches the glob and,
    /// when the rule names arguments, each named one matches its pattern.
    func matches(_ call: ToolCall) -> Bool {
        guard Glob.matches(tool, call.name) else { return false }
        guard let args, !args.isEmpty else { return true }
        return args.allSatisfy { key, pattern in
            guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
            let values = key == "*" ? PolicyText.strings(in: call.arguments) : [PolicyText.text(call.arguments[key])].compactMap { $0 }
            return values.contains { regex.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil }
        }
    }
}

/// Shell-style name globs: `*` any run of characters, `?` one character.
enum Glob {
    static func matches(_ pattern: String, _ name: String) -> Bool {
        let p = Array(pattern), n = Array(name)
        var pi = 0, ni = 0, star = -1, mark = 0
        while ni < n.count {
            if pi < p.count, p[pi] == "?" || p[pi] == n[ni] {
                pi += 1; ni += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi; mark = ni; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ni = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}

/// Arguments as text, for pattern rules.
enum PolicyText {
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?: return s
        case nil, .null?: return nil
        case let other?: return other.description
        }
    }

    /// Every string anywhere in the arguments (nested included).
    static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let s): return [s]
        case .array(let a): return a.flatMap(strings(in:))
        case .object(let o): return o.values.flatMap(strings(in:))
        default: return []
        }
    }
}
