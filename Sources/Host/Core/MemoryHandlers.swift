import Foundation
import Memory
import RPC
import Runtime
import Store

/// The memory methods' handlers: decode → Memory → encode.
enum MemoryHandlers {
    static func register(_ table: inout MethodTable, _ host: HostContext) {
        table.register(MemoryWrite.self) { p, _ in
            if p.sourceType == BlackboardRepository.sourceType {
                throw RPCError.invalidParams("source_type '\(BlackboardRepository.sourceType)' is reserved for blackboard/write", path: "params.source_type")
            }
            let scope = try await host.scope(p.scope)
            let new = NewMemory(
                tier: MemoryTier(rawValue: p.tier) ?? .episodic, content: p.content, title: p.title, uri: p.uri, metadata: p.metadata,
                importance: p.importance, roleID: p.roleID, groupID: p.groupID, sourceType: p.sourceType, sourceKey: p.sourceKey,
                embedding: p.embedding.map { $0.map(Float.init) })
            return try await host.runtime().memory.write(new, in: scope).json(includeText: false)
        }
        table.register(MemorySearch.self) { p, _ in
            let scope = try await host.scope(p.scope)
            let filters = SearchFilters(
                roleID: p.filters?.roleID, groupID: p.filters?.groupID,
                createdFrom: p.filters?.createdFrom.flatMap(ISO8601.parse), createdBefore: p.filters?.createdBefore.flatMap(ISO8601.parse),
                metadata: p.filters?.metadata)
            let k = p.k ?? 8
            let request = SearchRequest(query: p.query, tiers: p.tiers?.compactMap(MemoryTier.init), k: k,
                                        mode: p.mode.flatMap(SearchRequest.Mode.init) ?? .hybrid, filters: filters,
                                        vector: p.vector.map { $0.map(Float.init) })
            let result = try await host.runtime().memory.search(request, in: scope)
            return ["hits": .array(result.hits.map(\.json)), "mode": .string(result.mode.rawValue),
                    "embedder": result.embedder.map(JSONValue.string) ?? .null, "k": .int(Int64(k))]
        }
        table.register(MemoryGet.self) { p, _ in
            try await host.runtime().memory.get(p.id, in: try await host.scope(p.scope)).json()
        }
        table.register(MemoryList.self) { p, _ in
            let page = try await host.runtime().memory.list(in: try await host.scope(p.scope), tier: p.tier.flatMap(MemoryTier.init),
                                                            limit: p.limit ?? 20, cursor: p.cursor)
            let items = page.items.map { $0.json() }
            let kept = try host.pageFit.count(items)
            let next = kept < items.count ? page.items[kept - 1].cursor : page.next
            return ["memories": .array(Array(items.prefix(kept))), "next_cursor": next.map(JSONValue.string) ?? .null]
        }
        table.register(MemoryDelete.self) { p, _ in
            try await host.runtime().memory.delete(p.id, in: try await host.scope(p.scope))
            return ["deleted": true, "id": .string(p.id)]
        }
        table.register(MemoryCoreGet.self) { p, _ in
            let blocks = try await host.runtime().memory.core.blocks(in: try await host.scope(p.scope), roleID: p.roleID)
            return ["blocks": .array(blocks.map(\.json))]
        }
        table.register(MemoryCoreSet.self) { p, _ in
            try await host.runtime().memory.core.set(p.label, content: p.content, roleID: p.roleID, in: try await host.scope(p.scope)).json
        }
    }
}
