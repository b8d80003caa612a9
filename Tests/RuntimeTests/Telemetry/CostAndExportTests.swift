import Foundation
import LoopbackServer
import Runtime
import Store
import Testing

/// The price table, the token estimate, and the exporter's promise never to hold a run up.
@Suite struct CostAndExportTests {
    @Test func aCallIsPricedByProviderAndModelThenByModelThenByProvider() {
        let pricing = Pricing(["openai/gpt-4o": ModelPrice(inputPerMtok: 2.5, outputPerMtok: 10, cachedInputPerMtok: 1.25),
                               "claude-x": ModelPrice(inputPerMtok: 3, outputPerMtok: 15),
                               "gemini/*": ModelPrice(inputPerMtok: 0.075, outputPerMtok: 0.3)])
        // 1,000 input of which 400 cached, 100 output: 600 × 2.5 + 400 × 1.25 + 100 × 10 = 3,000 µ$ → 3,000,000 n$.
        let usage = Usage(inputTokens: 1000, outputTokens: 100, cachedTokens: 400)
        #expect(pricing.costNanos(of: usage, provider: "openai", model: "gpt-4o") == 3_000_000)
        #expect(pricing.costNanos(of: usage, provider: "anthropic", model: "claude-x") == 4_500_000)
        // Three decimals per Mtok are whole nano-dollars per token: 1,000 × 0.075 + 100 × 0.3 = 105 µ$.
        #expect(pricing.costNanos(of: usage, provider: "gemini", model: "gemini-2.5-flash") == 105_000)
        #expect(pricing.costNanos(of: usage, provider: "openai", model: "unpriced") == 0)
        let priced = pricing.priced(usage, provider: "openai", model: "gpt-4o")
        #expect(priced.model == "openai/gpt-4o" && abs(priced.costUsd - 0.003) < 1e-15)
        // A fraction of a nano-dollar rounds once, per call, half away from zero.
        let odd = Pricing(["m": ModelPrice(inputPerMtok: 0.0005, outputPerMtok: 0)])
        #expect(odd.costNanos(of: Usage(inputTokens: 1), provider: "p", model: "m") == 1)
        #expect(odd.costNanos(of: Usage(inputTokens: 3), provider: "p", model: "m") == 2)
    }

    @Test func sumsKeepTheEstimateMarkAndAddCostsExactly() {
        let a = Usage(inputTokens: 10, outputTokens: 1, costNanos: 7, model: "openai/gpt-4o")
        let b = Usage(inputTokens: 5, outputTokens: 2, estimated: true, costNanos: 3, model: "openai/gpt-4o")
        let sum = Usage() + a + b
        #expect(sum.inputTokens == 15 && sum.outputTokens == 3 && sum.costNanos == 10 && sum.estimated && sum.model == "openai/gpt-4o")
        #expect((sum + Usage(inputTokens: 1, model: "anthropic/claude")).model == nil)
    }

    @Test func aProviderThatReportsNoUsageGetsAnEstimateMarkedAsOne() {
        let request = LLMRequest(model: "m", messages: [.system("Be brief."), .user("héllo wörld, 你好")])
        let meter = UsageMeter(pricing: Pricing(["p/m": ModelPrice(inputPerMtok: 1_000_000, outputPerMtok: 0)]))
        let estimated = meter.measured(nil, request: request, text: "Hi!", calls: [], provider: "p")
        // "Be brief." 9 ASCII → 3, + 4; "héllo wörld, 你好": 12 ASCII → 3, 4 other → 4, + 4.
        #expect(estimated.estimated && estimated.inputTokens == 18 && estimated.outputTokens == 1)
        #expect(estimated.costNanos == 18_000_000_000 && estimated.model == "p/m")
        let reported = meter.measured(Usage(inputTokens: 2, outputTokens: 1), request: request, text: "Hi!", calls: [], provider: "p")
        #expect(!reported.estimated && reported.inputTokens == 2)
    }

    @Test func theExporterNeverWaitsAndDropsWhatDoesNotFit() async throws {
        // A collector that never answers.
        let collector = try LoopbackServer { _, conn in _ = conn.waitForDisconnect(timeout: .seconds(30)) }
        defer { collector.stop() }
        let exporter = TraceExporter(settings: .init(endpoint: collector.baseURL, batch: .milliseconds(10), queueSize: 3)) { runID, _ in
            [OTLPSpan(traceId: String(repeating: "a", count: 32), spanId: String(repeating: "b", count: 16), parentSpanId: nil,
                      name: "invoke_agent \(runID)", kind: .internal, start: 1, end: 2, attributes: [])]
        }
        let scope = try Scope(orgID: "o", userID: "u", projectID: nil)
        let started = ContinuousClock.now
        for i in 0..<5 { exporter.runEnded("run_\(i)", scope: scope) }
        #expect(ContinuousClock.now - started < .milliseconds(50))
        #expect(exporter.stats.droppedRuns == 2 && exporter.stats.queued == 3)
        let closing = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await exporter.run() }
            try? await Task.sleep(for: .milliseconds(200))
            exporter.close()
        }
        // Closing gives the hanging collector at most the flush deadline (5 s), not
        // the 30 s it would hang for; the margin is for a loaded machine.
        #expect(ContinuousClock.now - closing < .seconds(20))
        #expect(exporter.stats.exportedSpans == 0)
    }
}
