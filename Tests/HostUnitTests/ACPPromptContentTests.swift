import Foundation
import JSON
import RPC
import Testing
@testable import Host

/// An ACP prompt as a run's input and attachments: text, links and text
/// resources in the input; images and binary resources as files to upload.
@Suite struct ACPPromptContentTests {
    @Test func imagesAndBinaryResourcesBecomeFilesAndTextStaysInput() throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47])
        let (input, files) = try SessionPrompt.content(of: [
            ["type": "text", "text": "Compare these"],
            ["type": "image", "data": .string(png.base64EncodedString()), "mimeType": "image/png", "uri": "file:///tmp/shots/a.png"],
            ["type": "resource", "resource": ["uri": "file:///tmp/report.pdf", "blob": "JVBERi0=", "mimeType": "application/pdf"]],
            ["type": "resource", "resource": ["uri": "file:///tmp/notes.md", "text": "# Notes"]],
        ])
        #expect(input == "Compare these\n\n<resource uri=\"file:///tmp/notes.md\">\n# Notes\n</resource>")
        #expect(files.map(\.name) == ["a.png", "report.pdf"])
        #expect(files.map(\.mimeType) == ["image/png", "application/pdf"])
        #expect(files.first?.data == png)
    }

    @Test func anImageAloneIsAPromptButAudioAndBadDataAreRefused() throws {
        let (input, files) = try SessionPrompt.content(of: [["type": "image", "data": "iVBORw0KGgo=", "mimeType": "image/png"]])
        #expect(input == "(see the attached files)" && files.count == 1 && files.first?.name == "upload")
        #expect(throws: RPCError.self) { try SessionPrompt.content(of: [["type": "audio", "data": "AAAA", "mimeType": "audio/wav"]]) }
        #expect(throws: RPCError.self) { try SessionPrompt.content(of: [["type": "image", "data": "@@", "mimeType": "image/png"]]) }
        let image: JSONValue = ["type": "image", "data": "iVBORw0KGgo=", "mimeType": "image/png"]
        let six = Array(repeating: image, count: 6)
        #expect(throws: RPCError.self) { try SessionPrompt.content(of: six) }
    }
}
