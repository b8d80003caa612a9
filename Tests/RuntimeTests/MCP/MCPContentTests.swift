import Foundation
import RPC
import Testing
@testable import Runtime

/// How results, names, risks and restart delays are derived (no processes).
@Suite struct MCPContentTests {
    @Test func aResultBecomesContentStructuredContentAndIsError() throws {
        let output = try MCPContent.output(from: [
            "content": [["type": "text", "text": "hi", "annotations": ["audience": ["user"]]],
                        ["type": "resource_link", "uri": "file:///a", "name": "a", "mimeType": "text/plain"]],
            "structuredContent": ["n": 1], "isError": true,
        ], server: "s")
        #expect(output.isError)
        #expect(output.content == [
            "content": [["type": "text", "text": "hi"], ["type": "resource_link", "uri": "file:///a", "name": "a", "mime_type": "text/plain"]],
            "structured_content": ["n": 1],
        ])
    }

    @Test func largeBinaryDataIsReplacedByItsSize() throws {
        let big = String(repeating: "A", count: MCPContent.inlineDataLimit + 4)
        let output = try MCPContent.output(from: ["content": [["type": "image", "data": .string(big), "mimeType": "image/png"]]], server: "s")
        let item = try #require(output.content["content"]?[0])
        #expect(item["data"] == nil)
        #expect(item["omitted"] == true)
        #expect(item["bytes"] == .int(Int64((MCPContent.inlineDataLimit + 4) / 4 * 3)))
        #expect(!output.isError)
    }

    @Test func aResultThatIsNotAnObjectIsRefused() {
        #expect(throws: MCPError.self) { try MCPContent.output(from: "nope", server: "s") }
        #expect(throws: MCPError.self) { try MCPContent.output(from: ["content": "nope"], server: "s") }
    }

    @Test func registryNamesAreServerUnderscoreUnderscoreTool() {
        #expect(MCPToolDescriptor.registryName(server: "git", tool: "git_status") == "git__git_status")
        #expect(MCPToolDescriptor.registryName(server: "files", tool: "read.file v2") == "files__read_file_v2")
    }

    @Test func riskFollowsTheAnnotations() throws {
        func risk(_ annotations: JSONValue?) throws -> RiskLevel {
            var tool: [String: JSONValue] = ["name": "x", "inputSchema": ["type": "object"]]
            if let annotations { tool["annotations"] = annotations }
            return try MCPToolDescriptor.parse(.object(tool), server: "s").get().risk
        }
        #expect(try risk(nil) == .medium)
        #expect(try risk(["readOnlyHint": true]) == .low)
        #expect(try risk(["destructiveHint": false]) == .medium)
        #expect(try risk(["readOnlyHint": false, "destructiveHint": true]) == .high)
    }

    @Test func aToolWithoutAnInputSchemaIsSkipped() {
        #expect((try? MCPToolDescriptor.parse(["name": "x"], server: "s").get()) == nil)
        #expect((try? MCPToolDescriptor.parse(["inputSchema": ["type": "object"]], server: "s").get()) == nil)
    }

    @Test func restartDelaysDoubleUpToTheCap() {
        let policy = MCPRestartPolicy()
        #expect((1...9).map { policy.delay(afterFailures: $0) } == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30), .seconds(30), .seconds(30)])
    }

    @Test func onlyTheHandshakeRevisionsAreSpoken() throws {
        #expect(MCPProtocol.offeredVersion == "2025-11-25")
        for version in ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"] {
            #expect(try MCPProtocol.accept(version, server: "s") == version)
        }
        #expect(throws: MCPError.self) { try MCPProtocol.accept("2026-07-28", server: "s") }
        #expect(throws: MCPError.self) { try MCPProtocol.accept(nil, server: "s") }
    }
}
