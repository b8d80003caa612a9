import Foundation
import JSON

/// The tools a process knows, by name: built-ins, then MCP servers' and
/// skills' as they come and go.
///
/// `@unchecked Sendable`: `tools` is only touched while `lock` is held.
public final class ToolRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var tools: [String: any Tool] = [:]

    public init(_ tools: [any Tool] = []) {
        for tool in tools { self.tools[tool.name] = tool }
    }

    public static func builtins() -> ToolRegistry {
        ToolRegistry([FileReadTool(), FileWriteTool(), FileListTool(),
                      MemorySearchTool(), MemoryWriteTool(), MemoryGetTool(), MemoryListTool(), MemoryDeleteTool(),
                      CoreMemoryAppendTool(), CoreMemoryReplaceTool()])
    }

    public func register(_ tool: any Tool) { lock.withLock { tools[tool.name] = tool } }

    public func remove(where predicate: (any Tool) -> Bool) {
        lock.withLock { tools = tools.filter { !predicate($0.value) } }
    }

    /// Swaps every tool from `source` for `tools` in one step, so a reader
    /// never sees a server's list half-replaced. A name another source already
    /// holds is not taken over; those names are returned.
    @discardableResult
    public func replace(from source: ToolSource, with tools: [any Tool]) -> [String] {
        lock.withLock {
            self.tools = self.tools.filter { $0.value.source != source }
            var refused: [String] = []
            for tool in tools {
                if self.tools[tool.name] != nil { refused.append(tool.name); continue }
                self.tools[tool.name] = tool
            }
            return refused
        }
    }

    public func tool(named name: String) -> (any Tool)? { lock.withLock { tools[name] } }

    public var all: [any Tool] { lock.withLock { tools.values.sorted { $0.name < $1.name } } }
}
