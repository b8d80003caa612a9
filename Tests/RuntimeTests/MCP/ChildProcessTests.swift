import Foundation
import Spawn
import Synchronization
import Testing
@testable import Runtime

#if canImport(Glibc)
import Glibc
#endif

/// How MCP server processes are started and reaped.
struct ChildProcessTests {
    /// Starts `script` under /bin/sh with stdout on a (close-on-exec) pipe.
    func start(_ script: String, environment: [String: String] = [:], directory: String? = nil) throws -> (output: FileHandle, ended: ChildEnd) {
        var out: [Int32] = [0, 0]
        #expect(pipe(&out) == 0)
        for fd in out { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(null) }
        let ended = ChildEnd()
        do {
            _ = try ChildProcess.spawn(executable: "/bin/sh", arguments: ["-c", script], environment: environment, directory: directory,
                                       stdin: null, stdout: out[1], stderr: null) { ended.record($0) }
        } catch {
            close(out[0])
            close(out[1])
            throw error
        }
        close(out[1])
        return (FileHandle(fileDescriptor: out[0], closeOnDealloc: true), ended)
    }

    /// Its output and how it ended.
    func finish(_ started: (output: FileHandle, ended: ChildEnd)) async throws -> (String, ChildProcess.Termination) {
        let text = String(decoding: try started.output.readToEnd() ?? Data(), as: UTF8.self)
        return (text, try #require(await started.ended.wait(timeout: .seconds(10))))
    }

    func run(_ script: String, environment: [String: String] = [:], directory: String? = nil) async throws -> (String, ChildProcess.Termination) {
        try await finish(try start(script, environment: environment, directory: directory))
    }

    @Test func theChildGetsOnlyItsStandardDescriptors() async throws {
        // Open on purpose without close-on-exec: it must not reach the child either.
        let leaky = open("/dev/null", O_RDONLY)
        defer { close(leaky) }
        // `ls` lists the shell's descriptors (a glob would show its own directory handle).
        let (listing, end) = try await run("ls /proc/$$/fd", environment: ["PATH": "/usr/bin:/bin"])
        #expect(listing.split(separator: "\n") == ["0", "1", "2"])
        #expect(end == .exited(0))
    }

    @Test func theChildStartsWithNoBlockedOrIgnoredSignals() async throws {
        // Blocked and restored on this thread around the spawn, with no await between.
        signal(SIGPIPE, SIG_IGN)
        var blocked = sigset_t(), previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        let started = Result { try start("exec /bin/grep -E '^(SigBlk|SigIgn)' /proc/self/status") }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        let (status, _) = try await finish(try started.get())
        // Masks of signals 1…31 (glibc keeps two real-time signals of its own above them).
        let masks = status.split(separator: "\n").compactMap { line in
            line.split(separator: "\t").last.flatMap { UInt64($0, radix: 16) }.map { $0 & 0x7fff_ffff }
        }
        #expect(masks == [0, 0], "\(status)")
    }

    @Test func itLeadsItsOwnProcessGroupInItsDirectoryWithItsEnvironment() async throws {
        let (text, _) = try await run(#"echo "$(ps -o pgid= -p $$ | tr -d ' ') $$ $PWD $ONLY""#, environment: ["ONLY": "this", "PATH": "/usr/bin:/bin"], directory: "/tmp")
        let fields = text.split(separator: " ").map(String.init)
        #expect(fields.count == 4)
        #expect(fields[0] == fields[1])
        #expect(fields[2] == "/tmp")
        #expect(fields[3] == "this\n")
    }

    @Test func exitStatusesAndSignalsAreReported() async throws {
        #expect(try await run("exit 7").1 == .exited(7))
        #expect(try await run("kill -KILL $$").1 == .signaled(SIGKILL))
    }

    @Test func aMissingExecutableIsAnErrorNotAChild() {
        #expect(throws: POSIXError.self) {
            _ = try ChildProcess.spawn(executable: "/nonexistent/server", arguments: [], environment: [:], directory: nil,
                                       stdin: 0, stdout: 1, stderr: 2) { _ in }
        }
    }

    /// Foundation's Process lost exits this way: a long-lived child spawned at
    /// the same moment inherited another child's exit watch.
    @Test func exitsAreSeenAtOnceWhileManyChildrenStartTogether() async throws {
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(null) }
        let sleeper = ChildEnd()
        let long = try ChildProcess.spawn(executable: "/bin/sleep", arguments: ["30"], environment: [:], directory: nil,
                                          stdin: null, stdout: null, stderr: null) { sleeper.record($0) }
        defer { kill(long.pid, SIGKILL) }
        let ends = try await withThrowingTaskGroup(of: ChildProcess.Termination?.self) { group in
            for i in 0..<40 {
                group.addTask {
                    let ended = ChildEnd()
                    _ = try ChildProcess.spawn(executable: "/bin/sh", arguments: ["-c", "exit \(i % 5)"], environment: [:], directory: nil,
                                               stdin: null, stdout: null, stderr: null) { ended.record($0) }
                    return await ended.wait(timeout: .seconds(10))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(ends.count == 40)
        #expect(ends.allSatisfy { $0 != nil })
        #expect(sleeper.termination == nil)
    }
}

/// Records a child's end for a test to wait on.
final class ChildEnd: Sendable {
    private let value = Mutex<ChildProcess.Termination?>(nil)

    func record(_ termination: ChildProcess.Termination) { value.withLock { $0 = termination } }
    var termination: ChildProcess.Termination? { value.withLock { $0 } }

    func wait(timeout: Duration) async -> ChildProcess.Termination? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let termination { return termination }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return termination
    }
}
