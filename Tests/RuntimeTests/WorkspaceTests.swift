import Foundation
import Testing
import TestSupport
@testable import Runtime

/// Escapes from the workspace: every one is refused, none reaches outside.
@Suite struct WorkspaceTests {
    let base = NSTemporaryDirectory() + "oi-ws-\(UUID().uuidString)"
    var root: String { base + "/root" }
    var outside: String { base + "/outside" }

    func setUp() throws -> Workspace {
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: URL(fileURLWithPath: outside + "/secret.txt"))
        try Data("inside".utf8).write(to: URL(fileURLWithPath: root + "/ok.txt"))
        try fm.createSymbolicLink(atPath: root + "/link-out", withDestinationPath: outside)
        try fm.createSymbolicLink(atPath: root + "/file-link", withDestinationPath: outside + "/secret.txt")
        try fm.createSymbolicLink(atPath: root + "/loop-a", withDestinationPath: root + "/loop-b")
        try fm.createSymbolicLink(atPath: root + "/loop-b", withDestinationPath: root + "/loop-a")
        try fm.linkItem(atPath: outside + "/secret.txt", toPath: root + "/hard-link")
        return Workspace(root: root, maxFileBytes: 1 << 20)
    }

    static let escapes: [String] = [
        "../outside/secret.txt", "../../etc/passwd", "/etc/passwd", "sub/../../outside/secret.txt", "~/x",
        "link-out/secret.txt", "file-link", "loop-a", "loop-a/x", "hard-link",
        String(repeating: "a/", count: 600) + "x", "ok.txt\0.png", String(repeating: "x", count: 300),
    ]

    @Test(arguments: escapes)
    func readingAnEscapeIsRefused(_ path: String) throws {
        let ws = try setUp()
        #expect(throws: ToolFailure.self) { _ = try ws.read(path) }
    }

    @Test(arguments: escapes)
    func writingAnEscapeIsRefusedAndNothingOutsideChanges(_ path: String) throws {
        let ws = try setUp()
        #expect(throws: ToolFailure.self) { _ = try ws.write(path, Data("pwned".utf8)) }
        #expect(try String(contentsOfFile: outside + "/secret.txt", encoding: .utf8) == "secret")
        #expect(!FileManager.default.fileExists(atPath: outside + "/x"))
    }

    @Test func listingThroughALinkIsRefusedAndListingsHideLinks() throws {
        let ws = try setUp()
        #expect(throws: ToolFailure.self) { _ = try ws.list("link-out") }
        let names = try ws.list(".").map(\.name)
        #expect(names.contains("ok.txt") && names.contains("sub"))
        #expect(!names.contains("link-out") && !names.contains("file-link"))
    }

    @Test func normalPathsWorkAndSizesAreCapped() throws {
        let ws = try setUp()
        #expect(String(decoding: try ws.read("ok.txt").data, as: UTF8.self) == "inside")
        try ws.write("sub/new/deep.txt", Data("d".utf8))
        #expect(String(decoding: try ws.read("sub/new/deep.txt").data, as: UTF8.self) == "d")
        #expect(try ws.write("sub/new/deep.txt", Data("e".utf8), append: true) == 1)
        #expect(throws: ToolFailure.self) { _ = try ws.write("big.bin", Data(count: 2 << 20)) }
    }
}

/// Special files in the workspace: FIFOs, sockets, devices and directories
/// are refused by what they are, and none of them ever blocks a call.
@Suite struct WorkspaceSpecialFileTests {
    let root = NSTemporaryDirectory() + "oi-ws-\(UUID().uuidString)"

    func setUp() throws -> Workspace {
        try FileManager.default.createDirectory(atPath: root + "/dir", withIntermediateDirectories: true)
        try Data("inside".utf8).write(to: URL(fileURLWithPath: root + "/ok.txt"))
        try SpecialFiles.fifo(root + "/fifo")
        try SpecialFiles.socket(root + "/sock")
        try FileManager.default.createSymbolicLink(atPath: root + "/zero-link", withDestinationPath: "/dev/zero")
        if SpecialFiles.canMakeDevices { try SpecialFiles.zeroDevice(root + "/zero") }
        return Workspace(root: root, maxFileBytes: 1 << 20)
    }

    /// A name in the workspace and what a read or write of it must say.
    static let files: [(path: String, refusal: String)] = [
        ("fifo", "is a FIFO, not a regular file: fifo"),
        ("sock", "is a socket, not a regular file: sock"),
        ("dir", "is a directory, not a regular file: dir"),
        ("zero-link", "path leaves the workspace through a link: zero-link"),
        ("fifo/x", "is a FIFO, not a directory: fifo"),
    ] + (SpecialFiles.canMakeDevices ? [("zero", "is a device, not a regular file: zero")] : [])

    @Test(arguments: files)
    func readingASpecialFileIsRefusedByWhatItIs(_ file: (path: String, refusal: String)) async throws {
        let ws = try setUp()
        #expect(await SpecialFiles.refusal { _ = try ws.read(file.path) } == file.refusal)
    }

    @Test(arguments: files)
    func writingASpecialFileIsRefusedAndLeavesItAsItWas(_ file: (path: String, refusal: String)) async throws {
        let ws = try setUp()
        #expect(await SpecialFiles.refusal { _ = try ws.write(file.path, Data("x".utf8)) } == file.refusal)
        #expect(await SpecialFiles.refusal { _ = try ws.write(file.path, Data("x".utf8), append: true) } == file.refusal)
        var st = stat()
        #expect(lstat(root + "/fifo", &st) == 0 && st.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func listingASpecialFileIsRefusedByWhatItIs() async throws {
        let ws = try setUp()
        #expect(await SpecialFiles.refusal { _ = try ws.list("fifo") } == "is a FIFO, not a directory: fifo")
        #expect(await SpecialFiles.refusal { _ = try ws.list("sock") } == "is a socket, not a directory: sock")
        #expect(await SpecialFiles.refusal { _ = try ws.list("ok.txt") } == "is a file, not a directory: ok.txt")
        #expect(await SpecialFiles.refusal { _ = try ws.list("zero-link") } == "path leaves the workspace through a link: zero-link")
        if SpecialFiles.canMakeDevices {
            #expect(await SpecialFiles.refusal { _ = try ws.list("zero") } == "is a device, not a directory: zero")
        }
    }

    @Test func aListingShowsOnlyFilesAndDirectories() throws {
        let ws = try setUp()
        #expect(try ws.list(".").map(\.name) == ["dir", "ok.txt"])
    }
}
