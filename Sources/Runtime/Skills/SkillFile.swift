import Foundation

/// A skill read from a `SKILL.md` file: front matter (`name`, `description`,
/// `tools`, `risk_level`) between `---` lines, then the instructions.
public struct SkillFile: Sendable, Equatable {
    public var name: String
    public var description: String
    public var tools: [String]
    public var riskLevel: String
    public var instructions: String
    public var path: String

    /// Parses one file; nil when it has no usable front matter.
    public static func parse(_ text: String, path: String) -> SkillFile? {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else { return nil }
        var fields: [String: String] = [:]
        var lists: [String: [String]] = [:]
        var current: String?
        for line in lines[1..<end] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- "), let key = current {
                lists[key, default: []].append(unquote(String(trimmed.dropFirst(2))))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            current = key
            if value.hasPrefix("[") && value.hasSuffix("]") {
                lists[key] = value.dropFirst().dropLast().split(separator: ",").map { unquote($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
            } else if !value.isEmpty {
                fields[key] = unquote(value)
            }
        }
        let fallback = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
        guard let name = fields["name"] ?? (fallback.isEmpty ? nil : fallback), !name.isEmpty else { return nil }
        let body = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let risk = fields["risk_level"].flatMap { ["low", "medium", "high"].contains($0) ? $0 : nil } ?? "low"
        return SkillFile(name: name, description: fields["description"] ?? "", tools: lists["tools"] ?? [], riskLevel: risk,
                         instructions: body, path: path)
    }

    static func unquote(_ s: String) -> String {
        if s.count >= 2, (s.hasPrefix("\"") && s.hasSuffix("\"")) || (s.hasPrefix("'") && s.hasSuffix("'")) { return String(s.dropFirst().dropLast()) }
        return s
    }

    /// Every `SKILL.md` (or `*.md` with front matter) under `directory`, one level of folders deep.
    public static func discover(in directory: String) -> [SkillFile] {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: directory) else { return [] }
        var found: [SkillFile] = []
        for entry in entries.sorted() {
            let path = (directory as NSString).appendingPathComponent(entry)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { continue }
            let file = isDir.boolValue ? (path as NSString).appendingPathComponent("SKILL.md") : path
            guard file.hasSuffix(".md"), let data = fm.contents(atPath: file), data.count < 1 << 20,
                  let skill = parse(String(decoding: data, as: UTF8.self), path: file) else { continue }
            found.append(skill)
        }
        return found
    }
}
