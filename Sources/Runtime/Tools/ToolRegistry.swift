import JSON
import Synchronization

/// The tools a process knows, by name: built-ins, then MCP servers' and
/// skills' as they come and go. An alias (`ToolAliases`) resolves to its
/// tool and is never listed. A registry may lie over another (`layered`):
/// an editor's session adds its own MCP servers' tools over the process's,
/// and its tool wins where both have a name.
public final class ToolRegistry: Sendable {
    private let tools: Mutex<[String: any Tool]>
    private let base: ToolRegistry?

    public init(_ tools: [any Tool] = [], over base: ToolRegistry? = nil) {
        self.tools = Mutex(Dictionary(tools.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last }))
        self.base = base
    }

    public static func builtins() -> ToolRegistry {
        ToolRegistry([ReadFileTool(), WriteFileTool(), ListFilesTool(), GlobFilesTool(), GrepFilesTool(), ReplaceInFileTool(),
                      MoveFileTool(), DeleteFileTool(), ExecCommandTool(),
                      MemorySearchTool(), MemoryWriteTool(), MemoryGetTool(), MemoryListTool(), MemoryDeleteTool(),
                      CoreMemoryAppendTool(), CoreMemoryReplaceTool()])
    }

    public func register(_ tool: any Tool) { tools.withLock { $0[tool.name] = tool } }

    public func remove(where predicate: (any Tool) -> Bool) {
        tools.withLock { $0 = $0.filter { !predicate($0.value) } }
    }

    /// Swaps every tool from `source` for `tools` in one step, so a reader
    /// never sees a server's list half-replaced. A name another source already
    /// holds is not taken over; those names are returned.
    @discardableResult
    public func replace(from source: ToolSource, with tools: [any Tool]) -> [String] {
        self.tools.withLock { current in
            current = current.filter { $0.value.source != source }
            var refused: [String] = []
            for tool in tools {
                if current[tool.name] != nil { refused.append(tool.name); continue }
                current[tool.name] = tool
            }
            return refused
        }
    }

    public func tool(named name: String) -> (any Tool)? {
        tools.withLock { all in all[name] ?? ToolAliases.canonical[name].flatMap { all[$0] } } ?? base?.tool(named: name)
    }

    public var all: [any Tool] {
        let own = tools.withLock { $0 }
        let below = (base?.all ?? []).filter { own[$0.name] == nil }
        return (Array(own.values) + below).sorted { $0.name < $1.name }
    }
}
