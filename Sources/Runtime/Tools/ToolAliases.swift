/// Old names of built-in tools, kept so scripts and configurations written
/// for them go on working: the registry resolves them, the policy treats a
/// name and its aliases as one tool, and `tools/list` shows only the
/// canonical (the seed's) names.
public enum ToolAliases {
    public static let canonical: [String: String] = [
        "file_read": "read_file",
        "file_write": "write_file",
        "file_list": "list_files",
    ]

    public static func canonicalName(_ name: String) -> String { canonical[name] ?? name }

    /// The name and every alias of its tool, canonical first.
    public static func names(of name: String) -> [String] {
        let main = canonicalName(name)
        return [main] + canonical.filter { $0.value == main }.map(\.key).sorted()
    }
}
