import Foundation
import HTTP
import Runtime
import Testing

@Suite struct ProviderRetryPolicyTests {
    let policy = RetryPolicy()

    @Test func retryableStatusesFollowTheSDKs() {
        for status in [408, 409, 429, 500, 502, 503, 504, 529] {
            #expect(policy.delay(status: status, headers: [:], retriesSoFar: 0, random: 0) != nil, "\(status)")
        }
        for status in [400, 401, 403, 404, 413, 422] {
            #expect(policy.delay(status: status, headers: [:], retriesSoFar: 0, random: 0) == nil, "\(status)")
        }
    }

    @Test func xShouldRetryOverridesTheStatus() {
        #expect(policy.delay(status: 400, headers: ["x-should-retry": "true"], retriesSoFar: 0, random: 0) == 500)
        #expect(policy.delay(status: 503, headers: ["X-Should-Retry": "false"], retriesSoFar: 0, random: 0) == nil)
    }

    @Test func backoffDoublesFromHalfASecondUpToEightWithJitter() {
        let many = RetryPolicy(maxRetries: 100)
        let delays = (0..<6).map { many.delayAfterConnectionFailure(retriesSoFar: $0, random: 0) }
        #expect(delays == [500, 1000, 2000, 4000, 8000, 8000])
        // random → 1 takes off at most a quarter.
        #expect(many.delayAfterConnectionFailure(retriesSoFar: 0, random: 1) == 375)
    }

    @Test func theRetryBudgetIsTwoByDefault() {
        #expect(policy.delay(status: 500, headers: [:], retriesSoFar: 1, random: 0) != nil)
        #expect(policy.delay(status: 500, headers: [:], retriesSoFar: 2, random: 0) == nil)
        #expect(policy.delayAfterConnectionFailure(retriesSoFar: 2) == nil)
        #expect(RetryPolicy.noRetries.delay(status: 500, headers: [:], retriesSoFar: 0) == nil)
    }

    @Test func serverDelaysAreReadFromMillisecondsSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(RetryPolicy.serverDelay(["retry-after-ms": "250.5"], now: now) == 0.2505)
        #expect(RetryPolicy.serverDelay(["retry-after": "7"], now: now) == 7)
        #expect(RetryPolicy.serverDelay(["retry-after": "1.5"], now: now) == 1.5)
        let date = Date(timeIntervalSince1970: 1_000_030)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        #expect(RetryPolicy.serverDelay(["retry-after": formatter.string(from: date)], now: now) == 30)
        #expect(RetryPolicy.serverDelay(["retry-after": "soon"], now: now) == nil)
        // retry-after-ms wins over retry-after.
        #expect(RetryPolicy.serverDelay(["retry-after": "9", "retry-after-ms": "100"], now: now) == 0.1)
    }

    @Test func serverDelaysAreObeyedUpToTheCapThenIgnoredOrFatal() {
        #expect(policy.delay(status: 429, headers: ["retry-after": "60"], retriesSoFar: 0, random: 0) == 60_000)
        // anthropic: over the cap → ordinary backoff.
        #expect(policy.delay(status: 429, headers: ["retry-after": "61"], retriesSoFar: 0, random: 0) == 500)
        // zero or negative → backoff.
        #expect(policy.delay(status: 429, headers: ["retry-after": "0"], retriesSoFar: 0, random: 0) == 500)
        // openai: up to 120 s obeyed, beyond it no retry at all.
        #expect(RetryPolicy.openAI.delay(status: 429, headers: ["retry-after": "120"], retriesSoFar: 0, random: 0) == 120_000)
        #expect(RetryPolicy.openAI.delay(status: 429, headers: ["retry-after": "121"], retriesSoFar: 0, random: 0) == nil)
    }
}
