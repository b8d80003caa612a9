import Foundation
import JSON
import Testing
@testable import Memory
@testable import Runtime
@testable import Store

/// The views the memory and skills methods answer with: which fields are
/// left out when empty and which are always there as null, as the seed's
/// clients read them.
@Suite struct WireViewTests {
    static let at = Date(timeIntervalSince1970: 1_796_000_000)

    @Test func aMemoryLeavesOutWhatItDoesNotHaveAndItsTextWhereNotAskedFor() throws {
        let item = MemoryItem(id: "mem_1", scope: try Scope(orgID: "acme", userID: "ann"), tier: .episodic, title: nil, uri: nil, text: "hello",
                              metadata: ["k": 1.5], importance: 0.5, roleID: "r1", groupID: nil, sourceType: nil, sourceKey: nil,
                              createdAt: Self.at, updatedAt: Self.at, chunkCount: 1)
        let whole = try JSONValueCoding.encode(MemoryView(item))
        #expect(whole == ["id": "mem_1", "tier": "episodic", "text": "hello", "metadata": ["k": 1.5], "importance": 0.5, "role_id": "r1",
                          "user_id": "ann", "chunk_count": 1, "created_at": .string(ISO8601.format(Self.at)),
                          "updated_at": .string(ISO8601.format(Self.at))])
        #expect(try JSONValueCoding.encode(MemoryView(item, includeText: false))["text"] == nil)
        let page = try JSONValueCoding.encode(MemoryPageView(memories: [], nextCursor: nil))
        #expect(page == ["memories": [], "next_cursor": nil])
    }

    @Test func aHitAlwaysHasATitleAndOnlyTheComponentsThatFoundIt() throws {
        let hit = SearchHit(id: "chk_1", memoryID: "mem_1", tier: .archival, title: nil, snippet: "s", chunkIndex: 0, createdAt: Self.at,
                            score: 0.016, text: .init(rank: 1, score: 2.5), vector: nil)
        let encoded = try JSONValueCoding.encode(SearchHitView(hit))
        #expect(encoded["title"] == .null)
        #expect(encoded["components"] == ["text": ["rank": 1, "score": 2.5]])
        let block = CoreBlock(id: "core_1", label: "human", content: "Ada", roleID: nil, charLimit: 2000, createdAt: Self.at, updatedAt: Self.at)
        let view = try JSONValueCoding.encode(CoreBlockView(block))
        #expect(view["role_id"] == .null && view["chars"] == 3)
    }

    @Test func aStoredSkillShowsItsToolsAsWrittenAndAFolderSkillHasNullTimesAndScope() throws {
        let tools: JSONValue = ["file_list", ["name": "label_issue", "description": "Adds a label.", "parameters": ["type": "object"]]]
        let stored = Skill(id: "skill_1", orgID: "acme", projectID: nil, name: "triage", description: "", instructions: "Label.",
                           tools: tools.description, riskLevel: "low", provider: "builtin", source: nil, createdAt: Self.at, updatedAt: Self.at)
        let view = SkillView(stored)
        #expect(view.tools.map(\.name) == ["file_list", "label_issue"])
        let encoded = try JSONValueCoding.encode(view)
        #expect(encoded["tools"] == tools)
        #expect(encoded["source"] == "api" && encoded["health_status"] == "unknown")
        #expect(encoded["scope"] == ["org_id": "acme"])

        let file = SkillFile(name: "notes", description: "d", tools: ["file_read"], riskLevel: "medium", instructions: "i", path: "/s/notes/SKILL.md")
        let folder = try JSONValueCoding.encode(SkillView(file))
        #expect(folder["id"] == "folder:notes" && folder["source"] == "folder:/s/notes/SKILL.md" && folder["tools"] == ["file_read"])
        #expect(folder["created_at"] == .null && folder["updated_at"] == .null && folder["scope"] == .null)
    }
}
