import JSON
import Synchronization

/// The tools a process knows, by name: built-ins, then MCP servers' and
/// skills' as they come and go. An alias (`ToolAliases`) resolves to its
/// tool and is never listed.
public final class ToolRegistry: Sendable {
    private let tools: Mutex<[String: any Tool]>

    public init(_ tools: [any Tool] = []) {
        self.tools = Mutex(Dictionary(tools.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last }))
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
        tools.withLock { all in all[name] ?? ToolAliases.canonical[name].flatMap { all[$0] } }
    }

    public var all: [any Tool] { tools.withLock { $0.values.sorted { $0.name < $1.name } } }
}
