import Foundation
import JSON
import Testing
@testable import Memory
import Store

/// Tenancy (DESIGN §4) in every search mode: private tiers belong to (org,
/// user, project), archival is shared within (org, project), another org or
/// project sees nothing, and a role never sees another role's memories.
@Suite struct IsolationTests {
    static let query = "kubernetes cluster upgrade checklist"

    static func ids(_ memory: MemoryService, _ scope: Scope, mode: SearchRequest.Mode, filters: SearchFilters = SearchFilters()) async throws -> Set<String> {
        Set(try await memory.search(SearchRequest(query: query, k: 50, mode: mode, filters: filters), in: scope).hits.map(\.memoryID))
    }

    @Test(arguments: MemoryBackend.all)
    func searchesSeeOnlyWhatTheirScopeMaySee(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let memory = MemoryService(database: db, embedder: HashEmbedder())
            let text = "Kubernetes cluster upgrade checklist: drain nodes, upgrade the control plane, then the workers."
            let archival = try await memory.write(NewMemory(tier: .archival, content: text), in: Tenants.a).id
            let episodic = try await memory.write(NewMemory(tier: .episodic, content: text), in: Tenants.a).id
            let core = try await memory.write(NewMemory(tier: .core, content: text), in: Tenants.a).id
            let otherUsers = try await memory.write(NewMemory(tier: .episodic, content: text), in: Tenants.aOtherUser).id
            let otherProject = try await memory.write(NewMemory(tier: .archival, content: text), in: Tenants.aOtherProject).id
            let otherOrg = try await memory.write(NewMemory(tier: .archival, content: text), in: Tenants.b).id

            for mode in SearchRequest.Mode.allCases {
                #expect(try await Self.ids(memory, Tenants.a, mode: mode) == [archival, episodic, core], "\(mode)")
                #expect(try await Self.ids(memory, Tenants.aOtherUser, mode: mode) == [archival, otherUsers], "\(mode)")
                #expect(try await Self.ids(memory, Tenants.aOtherProject, mode: mode) == [otherProject], "\(mode)")
                #expect(try await Self.ids(memory, Tenants.b, mode: mode) == [otherOrg], "\(mode)")
            }
            // Reads by id follow the same rule: another tenant's memory is not found.
            await #expect(throws: MemoryError.self) { try await memory.get(episodic, in: Tenants.aOtherUser) }
            await #expect(throws: MemoryError.self) { try await memory.get(archival, in: Tenants.b) }
            await #expect(throws: MemoryError.self) { try await memory.delete(episodic, in: Tenants.aOtherUser) }
            #expect(try await memory.get(archival, in: Tenants.aOtherUser).id == archival)
            #expect(Set(try await memory.list(in: Tenants.aOtherUser).items.map(\.id)) == [archival, otherUsers])
        }
    }

    @Test(arguments: MemoryBackend.all)
    func rolesNeverSeeAnotherRolesMemories(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let memory = MemoryService(database: db, embedder: HashEmbedder())
            let text = "Kubernetes cluster upgrade checklist for the platform."
            let reviewer = try await memory.write(NewMemory(tier: .episodic, content: text, roleID: "role_reviewer"), in: Tenants.a).id
            let writer = try await memory.write(NewMemory(tier: .archival, content: text, roleID: "role_writer"), in: Tenants.a).id
            let shared = try await memory.write(NewMemory(tier: .archival, content: text), in: Tenants.a).id
            for mode in SearchRequest.Mode.allCases {
                #expect(try await Self.ids(memory, Tenants.a, mode: mode, filters: SearchFilters(roleID: "role_reviewer")) == [reviewer, shared])
                #expect(try await Self.ids(memory, Tenants.a, mode: mode, filters: SearchFilters(roleID: "role_writer")) == [writer, shared])
                #expect(try await Self.ids(memory, Tenants.a, mode: mode) == [reviewer, writer, shared])
            }
        }
    }

    @Test(arguments: MemoryBackend.all)
    func tierGroupTimeAndMetadataFiltersNarrowEveryMode(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let memory = MemoryService(database: db, embedder: HashEmbedder())
            let text = "Kubernetes cluster upgrade checklist, step by step."
            let old = Date(timeIntervalSince1970: 1_700_000_000)
            let new = Date(timeIntervalSince1970: 1_800_000_000)
            let a = try await memory.store.write(NewMemory(tier: .archival, content: text, metadata: ["env": "prod", "v": 2, "ok": true]), in: Tenants.a, now: old).id
            let b = try await memory.store.write(NewMemory(tier: .episodic, content: text, metadata: ["env": "dev"], groupID: "grp_1"), in: Tenants.a, now: new).id
            let c = try await memory.store.write(NewMemory(tier: .episodic, content: text), in: Tenants.a, now: new).id
            for mode in SearchRequest.Mode.allCases {
                let tiers = try await memory.search(SearchRequest(query: Self.query, tiers: [.archival], k: 10, mode: mode), in: Tenants.a).hits
                #expect(tiers.map(\.memoryID) == [a])
                #expect(try await Self.ids(memory, Tenants.a, mode: mode, filters: SearchFilters(groupID: "grp_1")) == [b])
                #expect(try await Self.ids(memory, Tenants.a, mode: mode, filters: SearchFilters(createdBefore: Date(timeIntervalSince1970: 1_750_000_000))) == [a])
                #expect(try await Self.ids(memory, Tenants.a, mode: mode, filters: SearchFilters(createdFrom: new)) == [b, c])
                #expect(try await Self.ids(memory, Tenants.a, mode: mode, filters: SearchFilters(metadata: ["env": "prod"])) == [a])
                #expect(try await Self.ids(memory, Tenants.a, mode: mode, filters: SearchFilters(metadata: ["v": 2, "ok": true])) == [a])
                #expect(try await Self.ids(memory, Tenants.a, mode: mode, filters: SearchFilters(metadata: ["env": "staging"])).isEmpty)
            }
            let bad = await #expect(throws: MemoryError.self) {
                try await memory.search(SearchRequest(query: "x", filters: SearchFilters(metadata: ["nested": ["a": 1]])), in: Tenants.a)
            }
            #expect(bad?.field == "filters.metadata.nested")
        }
    }
}
