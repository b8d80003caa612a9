import Foundation
import JSON

/// The built-in rules for dangerous calls, which block unless an explicit
/// `allow` rule covers the call: deleting, writing outside the workspace,
/// destructive or download-and-run shell patterns, and network egress.
enum HighRiskRules {
    struct Finding: Equatable {
        var rule: String
        var reason: String
    }

    static let deleting = ["*delete*", "*remove*", "*unlink*", "*rmdir*", "*destroy*", "*drop*", "rm", "*__rm"]
    static let egress = ["*fetch*", "*http*", "*curl*", "*wget*", "*download*", "*upload*", "*browse*", "*web_request*", "*send_email*"]
    static let mutating = ["*write*", "*append*", "*move*", "*rename*", "*copy*", "*create*", "*edit*", "*replace*", "*save*", "*put*"]
    static let pathKeys: Set<String> = ["path", "file", "file_path", "filename", "target", "destination", "dest", "to", "source", "dir", "directory", "cwd"]

    /// Shell text that destroys or runs code fetched from the network.
    static let shellPatterns: [(String, NSRegularExpression)] = [
        ("rm -rf", #"\brm\s+(-[A-Za-z]*[rR][A-Za-z]*\s+-?[A-Za-z]*f|-[A-Za-z]*f[A-Za-z]*\s+-?[A-Za-z]*[rR]|-[A-Za-z]*[rR][A-Za-z]*f|-[A-Za-z]*f[A-Za-z]*[rR]|--recursive|--force)"#),
        ("curl | sh", #"\b(curl|wget)\b[^|;&]*\|\s*(sudo\s+)?(ba|z|da|k)?sh\b"#),
        ("mkfs", #"\bmkfs(\.\w+)?\b"#),
        ("dd to a device", #"\bdd\b[^\n]*\bof=/dev/"#),
        ("fork bomb", #":\(\)\s*\{\s*:\|:&\s*\};:"#),
        ("chmod -R 777 /", #"\bchmod\s+-R\s+0?777\s+/"#),
        ("write to a block device", #">\s*/dev/(sd|nvme|hd|xvd)"#),
    ].compactMap { name, pattern in (try? NSRegularExpression(pattern: pattern)).map { (name, $0) } }

    static func evaluate(_ call: ToolCall) -> Finding? {
        let name = call.name.lowercased()
        if deleting.contains(where: { Glob.matches($0, name) }) {
            return Finding(rule: "builtin:deleting", reason: "\(call.name) deletes data")
        }
        if egress.contains(where: { Glob.matches($0, name) }) {
            return Finding(rule: "builtin:network-egress", reason: "\(call.name) sends data over the network")
        }
        for text in PolicyText.strings(in: call.arguments) {
            for (label, regex) in shellPatterns where regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                return Finding(rule: "builtin:shell:\(label)", reason: "the arguments contain a dangerous shell pattern (\(label))")
            }
        }
        if mutating.contains(where: { Glob.matches($0, name) }), case .object(let args) = call.arguments {
            for (key, value) in args where pathKeys.contains(key.lowercased()) {
                guard let path = value.stringValue else { continue }
                if path.hasPrefix("/") || path.hasPrefix("~") || path.split(separator: "/").contains("..") {
                    return Finding(rule: "builtin:outside-workspace", reason: "\(call.name) would write outside the workspace (\(key): \(path))")
                }
            }
        }
        return nil
    }
}
