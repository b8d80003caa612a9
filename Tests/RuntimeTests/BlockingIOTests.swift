import Foundation
import Synchronization
import Testing
@testable import Runtime

#if canImport(Glibc)
import Glibc
#endif

/// Blocking calls on threads of their own: a result or an error comes back
/// as usual, and a cancelled waiter resumes at once even if its thread
/// never comes back from the kernel.
@Suite struct BlockingIOTests {
    @Test func aCallReturnsItsResultOrItsError() async throws {
        #expect(try await BlockingIO.run { 6 * 7 } == 42)
        await #expect(throws: ToolFailure.self) { try await BlockingIO.run { throw ToolFailure("no") } }
    }

    @Test func aCancelledWaiterResumesWhileItsThreadIsStillBlocked() async throws {
        let pipe = try StuckPipe()
        defer { pipe.release() }
        let waiter = Task { try await BlockingIO.run { pipe.read() } }
        try await Task.sleep(for: .milliseconds(100))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(!pipe.wasRead)
    }

    @Test func aTaskCancelledBeforeTheCallStartsNoThread() async throws {
        let ran = Flag()
        let waiter = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await BlockingIO.run { ran.set() }
        }
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(!ran.isSet)
    }

    @Test func blockedCallsLeaveTheCooperativePoolFree() async throws {
        // More blocked calls than the pool has threads (one per core): work
        // still runs, and every waiter ends when cancelled.
        let pipes = try (0..<8).map { _ in try StuckPipe() }
        defer { pipes.forEach { $0.release() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for pipe in pipes { group.addTask { _ = try await BlockingIO.run { pipe.read() } } }
            try await Task.sleep(for: .milliseconds(100))
            let work = await withTaskGroup(of: Int.self) { work in
                for i in 0..<16 { work.addTask { try? await Task.sleep(for: .milliseconds(1)); return i } }
                return await work.reduce(0, +)
            }
            #expect(work == 120)
            group.cancelAll()
            await #expect(throws: CancellationError.self) { try await group.waitForAll() }
        }
    }
}

/// A pipe nobody writes to: `read()` blocks in the kernel until `release()`,
/// which a thread of the pipe's calls by itself after twenty seconds, so that
/// a regression fails a test instead of hanging it (that thread does not need
/// the cooperative pool, which a regression could fill with stuck reads).
final class StuckPipe: Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32
    private let returned = Flag()
    private let released = Flag()
    private let wake: Int32

    init() throws {
        var fds: [Int32] = [0, 0], alarm: [Int32] = [0, 0]
        guard pipe(&fds) == 0, pipe(&alarm) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        readEnd = fds[0]
        writeEnd = fds[1]
        wake = alarm[1]
        let rescue = Thread { [self, sleeper = alarm[0]] in
            var ready = pollfd(fd: sleeper, events: Int16(POLLIN), revents: 0)
            _ = poll(&ready, 1, 20_000)
            close(sleeper)
            release()
        }
        rescue.start()
    }

    @discardableResult
    func read() -> Int {
        var byte: UInt8 = 0
        let n = Glibc.read(readEnd, &byte, 1)
        returned.set()
        return n
    }

    var wasRead: Bool { returned.isSet }

    /// Lets a stuck `read()` return (its waiter has long moved on) by closing
    /// the write end; the read end stays open, since that thread may still use it.
    func release() {
        guard released.setFirst() else { return }
        close(writeEnd)
        close(wake)
    }
}

final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    /// Sets it; true only for the caller that found it unset.
    func setFirst() -> Bool { value.withLock { was in defer { was = true }; return !was } }
    var isSet: Bool { value.withLock { $0 } }
}
