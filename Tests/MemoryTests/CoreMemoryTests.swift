import Foundation
import Testing
@testable import Memory
import Store

@Suite struct CoreMemoryTests {
    @Test(arguments: MemoryBackend.all)
    func blocksAreSetAppendedAndReplacedWithinTheirCap(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let core = MemoryService(database: db, embedder: HashEmbedder()).core
            _ = try await core.set("human", content: "Name: Ada", in: Tenants.a)
            _ = try await core.append("human", content: "Likes: short answers", in: Tenants.a)
            var block = try await core.replace("human", old: "short", new: "brief", in: Tenants.a)
            #expect(block.content == "Name: Ada\nLikes: brief answers")
            #expect(block.charLimit == 2000)
            _ = try await core.append("task", content: "Ship the memory tier", in: Tenants.a)
            #expect(try await core.blocks(in: Tenants.a).map(\.label) == ["human", "task"])

            let tooLong = String(repeating: "x", count: 2001)
            let error = await #expect(throws: MemoryError.self) { try await core.set("human", content: tooLong, in: Tenants.a) }
            #expect(error?.code == .limitExceeded)
            #expect(error?.field == "content")
            #expect(error?.message.contains("2001") == true && error?.message.contains("2000") == true)
            await #expect(throws: MemoryError.self) {
                try await core.append("human", content: String(repeating: "y", count: 1990), in: Tenants.a)
            }
            block = try #require(try await core.blocks(in: Tenants.a).first)
            #expect(block.content == "Name: Ada\nLikes: brief answers", "a refused edit changes nothing")
            await #expect(throws: MemoryError.self) { try await core.replace("human", old: "absent", new: "x", in: Tenants.a) }
            await #expect(throws: MemoryError.self) { try await core.replace("nope", old: "a", new: "b", in: Tenants.a) }
            await #expect(throws: MemoryError.self) { try await core.set("bad label!", content: "x", in: Tenants.a) }
        }
    }

    @Test(arguments: MemoryBackend.all)
    func blocksArePrivateToTheScopeAndRolesSeeTheirOwnPlusShared(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let core = MemoryService(database: db, embedder: HashEmbedder()).core
            _ = try await core.set("persona", content: "Helpful", in: Tenants.a)
            _ = try await core.set("style", content: "Terse reviewer", roleID: "role_reviewer", in: Tenants.a)
            _ = try await core.set("style", content: "Chatty writer", roleID: "role_writer", in: Tenants.a)
            #expect(try await core.blocks(in: Tenants.a).map(\.content) == ["Helpful"])
            #expect(try await core.blocks(in: Tenants.a, roleID: "role_reviewer").map(\.content) == ["Helpful", "Terse reviewer"])
            #expect(try await core.blocks(in: Tenants.a, roleID: "role_writer").map(\.content) == ["Helpful", "Chatty writer"])
            for other in [Tenants.aOtherUser, Tenants.aOtherProject, Tenants.b] {
                #expect(try await core.blocks(in: other, roleID: "role_reviewer").isEmpty)
            }
        }
    }

    @Test(arguments: [MemoryBackend.sqlite])
    func aScopeHasABoundedNumberOfBlocks(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let core = MemoryService(database: db, embedder: HashEmbedder()).core
            for i in 0..<16 { _ = try await core.set("b\(i)", content: "x", in: Tenants.a) }
            let error = await #expect(throws: MemoryError.self) { try await core.set("one_more", content: "x", in: Tenants.a) }
            #expect(error?.code == .limitExceeded)
            _ = try await core.set("b3", content: "an existing block can still change", in: Tenants.a)
        }
    }
}
