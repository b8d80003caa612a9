import Logging
import RPC
import Testing
@testable import Runtime

/// The stderr budget with a clock the test moves: no process, no waiting.
@Suite struct MCPStderrLogTests {
    func line(_ text: String) -> LineFramer.Event { .line(Array(text.utf8)) }

    @Test func linesPastTheBurstAreCountedAndTheCountIsLoggedAtMostEveryFiveSeconds() {
        let capture = LogCapture()
        let t0 = ContinuousClock.now
        let log = MCPStderrLog(server: "s", pid: 1, limits: MCPClientLimits(), logger: capture.logger, now: t0)
        for i in 0..<2000 { log.record(line(String(format: "line %04d", i)), now: t0) }
        // Ten seconds' worth at 100 lines/s; the first line dropped is reported at once.
        #expect(capture.all.filter { $0.level == .info }.count == 1000)
        #expect(capture.all.filter { $0.level == .warning }.map(\.message) == [
            "server s: dropped 1 stderr lines (9 bytes) over its budget of 100 lines/s and 32768 bytes/s"])
        log.record(line("later"), now: t0 + .seconds(6))
        let last = capture.all.suffix(2).map(\.message)
        #expect(last == ["server s: dropped 999 stderr lines (8991 bytes) over its budget of 100 lines/s and 32768 bytes/s", "later"])
        log.finish(now: t0 + .seconds(7))
        #expect(capture.all.count == 1003, "nothing dropped since the last count")
        #expect(capture.all.allSatisfy { $0.metadata["mcp_server"] == "s" && $0.metadata["pid"] == "1" })
    }

    @Test func theByteBudgetHoldsBackLongLines() {
        let capture = LogCapture()
        var limits = MCPClientLimits()
        limits.stderrBytesPerSecond = 1024
        let t0 = ContinuousClock.now
        let log = MCPStderrLog(server: "s", pid: 1, limits: limits, logger: capture.logger, now: t0)
        let long = String(repeating: "b", count: 1000)
        for _ in 0..<20 { log.record(line(long), now: t0) }
        #expect(capture.all.filter { $0.level == .info }.count == 10)
        // One second refills one more line's worth.
        log.record(line(long), now: t0 + .seconds(1))
        #expect(capture.all.filter { $0.level == .info }.count == 11)
        log.finish(now: t0 + .seconds(2))
        #expect(capture.all.last?.message.hasPrefix("server s: dropped 9 stderr lines (9000 bytes)") == true)
    }

    @Test func anOverlongLineIsShownByItsSize() {
        let capture = LogCapture()
        let log = MCPStderrLog(server: "s", pid: 1, limits: MCPClientLimits(), logger: capture.logger)
        log.record(.oversized(OversizedLine(byteCount: 70_000)))
        #expect(capture.all.map(\.message) == ["(a 70000-byte stderr line, not shown)"])
    }
}
