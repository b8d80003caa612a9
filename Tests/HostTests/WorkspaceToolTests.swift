import Foundation
import RPC
import Testing
import TestSupport

/// The file tools over the real pipe: special files get clear tool errors at
/// once, and a call stuck in the kernel (a filesystem that never answers)
/// still ends on the tool timeout, on `runs/cancel`, on stdin EOF and on
/// SIGTERM, while the host keeps answering.
@Suite struct WorkspaceToolTests {
    /// The default scope's workspace folder, as `Executor.workspacePath` lays it out.
    static func workspace(_ storage: TestStorage) -> String {
        storage.dataDir + "/workspace/org_default/user_default/.none"
    }

    /// A call and the error it must get.
    struct Probe {
        var tool: String
        var arguments: JSONValue
        var error: String
    }

    /// FIFO, socket, directory, links to `/dev/zero` and outside, and a device node when the test may make one.
    static func specialFiles(in folder: String, outside: String) throws -> [Probe] {
        try FileManager.default.createDirectory(atPath: folder + "/dir", withIntermediateDirectories: true)
        try SpecialFiles.fifo(folder + "/fifo")
        try SpecialFiles.socket(folder + "/sock")
        try FileManager.default.createSymbolicLink(atPath: folder + "/zero-link", withDestinationPath: "/dev/zero")
        try FileManager.default.createSymbolicLink(atPath: folder + "/outside-link", withDestinationPath: outside)
        var probes = [
            Probe(tool: "file_read", arguments: ["path": "fifo"], error: "is a FIFO, not a regular file: fifo"),
            Probe(tool: "file_write", arguments: ["path": "fifo", "content": "x"], error: "is a FIFO, not a regular file: fifo"),
            Probe(tool: "file_list", arguments: ["path": "fifo"], error: "is a FIFO, not a directory: fifo"),
            Probe(tool: "file_read", arguments: ["path": "sock"], error: "is a socket, not a regular file: sock"),
            Probe(tool: "file_list", arguments: ["path": "sock"], error: "is a socket, not a directory: sock"),
            Probe(tool: "file_read", arguments: ["path": "dir"], error: "is a directory, not a regular file: dir"),
            Probe(tool: "file_write", arguments: ["path": "dir", "content": "x"], error: "is a directory, not a regular file: dir"),
            Probe(tool: "file_read", arguments: ["path": "zero-link"], error: "path leaves the workspace through a link: zero-link"),
            Probe(tool: "file_read", arguments: ["path": "outside-link"], error: "path leaves the workspace through a link: outside-link"),
            Probe(tool: "file_write", arguments: ["path": "outside-link", "content": "x"], error: "path leaves the workspace through a link: outside-link"),
        ]
        if SpecialFiles.canMakeDevices {
            try SpecialFiles.zeroDevice(folder + "/zero")
            probes += [
                Probe(tool: "file_read", arguments: ["path": "zero"], error: "is a device, not a regular file: zero"),
                Probe(tool: "file_write", arguments: ["path": "zero", "content": "x"], error: "is a device, not a regular file: zero"),
            ]
        }
        return probes
    }

    @Test func fileToolsOnSpecialFilesAnswerClearErrorsAndTheRunCompletes() async throws {
        try await withStorage(.sqlite) { storage in
            let outside = storage.dataDir + "/outside.txt"
            try Data("secret".utf8).write(to: URL(fileURLWithPath: outside))
            let probes = try Self.specialFiles(in: Self.workspace(storage), outside: outside)
            // Far above what a refusal takes; a call that blocked would end as "timed out", not hang the test.
            let host = try await HostProcess.started(storage, environment: ["TOOL_TIMEOUT_MS": "5000"])
            let script = Script.turns([Script.tools(probes.map { ($0.tool, $0.arguments) }, text: "poking"), Script.text("done")])
            let id = try #require(try await host.createRun("poke the special files", script: script)["run_id"]?.stringValue)
            #expect(try await host.result("system/health", [:])["status"] != nil)
            let run = try await host.waitFor(id, ["completed", "failed"])
            #expect(run["status"] == "completed")
            #expect(run["output"] == "done")
            let results = try await host.result("runs/events", ["run_id": .string(id), "type": "tool.result"])["events"]?.arrayValue ?? []
            #expect(results.count == probes.count)
            for (result, probe) in zip(results, probes) {
                #expect(result["payload"]?["is_error"] == true, "\(probe.tool) \(probe.arguments)")
                #expect(result["payload"]?["result"]?["error"]?.stringValue == probe.error, "\(probe.tool) \(probe.arguments)")
            }
            #expect(try String(contentsOfFile: outside, encoding: .utf8) == "secret")
        }
    }

    @Test(.enabled(if: StuckFilesystem.isAvailable, "mounting a FUSE filesystem needs /dev/fuse and CAP_SYS_ADMIN"))
    func aCallStuckInTheKernelEndsOnItsTimeoutAndTheHostStillExitsOnEOF() async throws {
        try await withStorage(.sqlite) { storage in
            let stuck = try StuckFilesystem(at: Self.workspace(storage) + "/stuck")
            defer { stuck.unmount() }
            let calls: [(String, JSONValue)] = [("file_read", ["path": "stuck/a.txt"]), ("file_write", ["path": "stuck/b.txt", "content": "x"]),
                                                ("file_list", ["path": "stuck"])]
            let host = try await HostProcess.started(storage, environment: ["TOOL_TIMEOUT_MS": "500"])
            let script = Script.turns([Script.tools(calls, text: "touching the hung disk"), Script.text("gave up")])
            let id = try #require(try await host.createRun("touch the hung disk", script: script)["run_id"]?.stringValue)
            let run = try await host.waitFor(id, ["completed", "failed"])
            #expect(run["output"] == "gave up")
            let results = try await host.result("runs/events", ["run_id": .string(id), "type": "tool.result"])["events"]?.arrayValue ?? []
            #expect(results.map { $0["payload"]?["result"]?["error"]?.stringValue } == calls.map { "tool \($0.0) timed out after 500 ms" })
            // Three threads of the host are still stuck in the kernel; it exits all the same.
            #expect(try await host.result("system/health", [:])["status"] != nil)
            host.closeStdin()
            #expect(await host.waitExit(timeout: .seconds(20)) != nil)
        }
    }

    @Test(.enabled(if: StuckFilesystem.isAvailable, "mounting a FUSE filesystem needs /dev/fuse and CAP_SYS_ADMIN"))
    func aCallStuckInTheKernelEndsOnCancelAndOnShutdownWhileTheHostKeepsAnswering() async throws {
        try await withStorage(.sqlite) { storage in
            let stuck = try StuckFilesystem(at: Self.workspace(storage) + "/stuck")
            defer { stuck.unmount() }
            let script = Script.turns([Script.tools([("file_read", ["path": "stuck/a.txt"])], text: "reading"), Script.text("never")])
            // The default tool timeout (30 s): only the cancel or the shutdown can end these calls in time.
            // One run at a time (the default): each next run starts only once the stuck one let go.
            let host = try await HostProcess.started(storage)
            _ = try await host.result("runs/subscribe", [:])
            let cancelled = try #require(try await host.createRun("cancel me", script: script, extra: ["session_key": "s_cancel"])["run_id"]?.stringValue)
            try await host.waitForNotification("tool.called", of: cancelled)
            #expect(try await host.result("system/health", [:])["status"] != nil)
            _ = try await host.result("runs/cancel", ["run_id": .string(cancelled)])
            #expect(try await host.waitFor(cancelled, ["cancelled", "completed", "failed"], timeout: .seconds(20))["status"] == "cancelled")

            let stranded = try #require(try await host.createRun("stuck at EOF", script: script, extra: ["session_key": "s_eof"])["run_id"]?.stringValue)
            try await host.waitForNotification("tool.called", of: stranded)
            host.closeStdin()
            #expect(await host.waitExit(timeout: .seconds(20)) != nil)

            // The next host takes the stranded run up again and gets stuck in the same call: SIGTERM ends it too.
            let next = try await HostProcess.started(storage)
            _ = try await next.result("runs/subscribe", ["run_id": .string(stranded), "after_seq": 0])
            try await next.waitForNotification("run.resumed", of: stranded)
            try await next.waitForNotification("tool.called", of: stranded)
            #expect(try await next.result("system/health", [:])["status"] != nil)
            next.stop()
            #expect(await next.waitExit(timeout: .seconds(20)) != nil)
        }
    }
}

extension HostProcess {
    /// Waits for a subscribed event of `type` from `runID`.
    func waitForNotification(_ type: String, of runID: String) async throws {
        while let note = await nextNotification() {
            let event = note["params"]?["event"]
            if event?["type"]?.stringValue == type && event?["run_id"]?.stringValue == runID { return }
        }
        throw HostCallError(method: "waitForNotification \(type)", reply: nil)
    }
}
