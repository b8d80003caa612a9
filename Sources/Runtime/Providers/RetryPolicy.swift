import Foundation
import HTTP

/// When and how long to wait before repeating a failed model call, as the
/// official OpenAI and Anthropic SDKs do (WIRE.md §5): connection failures
/// and 408/409/429/5xx are retried, `x-should-retry` overrides the status,
/// the server's `retry-after-ms`/`retry-after` is obeyed within a cap, else
/// exponential backoff with jitter. Retries happen only before a response
/// starts streaming.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt (the SDKs' default is 2: three attempts).
    public var maxRetries: Int
    /// Backoff is `min(baseDelay · 2ⁿ, maxDelay) · (1 − jitter · random)`.
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var jitter: Double
    /// A server-requested delay in (0, cap] is obeyed.
    public var maxServerDelay: Duration
    /// What a longer server delay means: give up (openai-python since
    /// 2026-07-30) or ignore it and back off (anthropic-sdk-python).
    public var giveUpBeyondMaxServerDelay: Bool

    public init(
        maxRetries: Int = 2, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8), jitter: Double = 0.25,
        maxServerDelay: Duration = .seconds(60), giveUpBeyondMaxServerDelay: Bool = false
    ) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = min(max(jitter, 0), 1)
        self.maxServerDelay = maxServerDelay
        self.giveUpBeyondMaxServerDelay = giveUpBeyondMaxServerDelay
    }

    /// openai-python's rule: server delays over 120 s are not waited for.
    public static let openAI = RetryPolicy(maxServerDelay: .seconds(120), giveUpBeyondMaxServerDelay: true)
    /// anthropic-sdk-python's rule (also used for Gemini, whose SDK has none by default).
    public static let anthropic = RetryPolicy()
    public static let noRetries = RetryPolicy(maxRetries: 0)

    /// The statuses the SDKs retry when the server does not say otherwise.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || status >= 500
    }

    /// Milliseconds to wait before retry number `retriesSoFar + 1` after an
    /// error response, or nil to give up.
    public func delay(status: Int, headers: HTTPHeaders, retriesSoFar: Int, now: Date = Date(), random: Double = .random(in: 0..<1)) -> Int? {
        guard retriesSoFar < maxRetries else { return nil }
        switch headers["x-should-retry"]?.lowercased() {
        case "true": break
        case "false": return nil
        default: guard Self.isRetryable(status: status) else { return nil }
        }
        if let seconds = Self.serverDelay(headers, now: now), seconds > 0 {
            let ms = seconds * 1000
            if ms <= Self.ms(maxServerDelay) { return Int(ms.rounded(.up)) }
            if giveUpBeyondMaxServerDelay { return nil }
        }
        return backoff(retriesSoFar: retriesSoFar, random: random)
    }

    /// Milliseconds to wait after a connection failure, or nil to give up.
    public func delayAfterConnectionFailure(retriesSoFar: Int, random: Double = .random(in: 0..<1)) -> Int? {
        guard retriesSoFar < maxRetries else { return nil }
        return backoff(retriesSoFar: retriesSoFar, random: random)
    }

    func backoff(retriesSoFar: Int, random: Double) -> Int {
        let base = Self.ms(baseDelay) * pow(2, Double(min(retriesSoFar, 30)))
        let capped = min(base, Self.ms(maxDelay))
        return Int((capped * (1 - jitter * random)).rounded())
    }

    static func ms(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// The server's requested delay in seconds: `retry-after-ms`, else
    /// `retry-after` as seconds, else as an HTTP date.
    public static func serverDelay(_ headers: HTTPHeaders, now: Date = Date()) -> Double? {
        if let ms = headers["retry-after-ms"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), ms.isFinite {
            return ms / 1000
        }
        guard let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value), seconds.isFinite { return seconds }
        return httpDate(value).map { $0.timeIntervalSince(now) }
    }

    /// RFC 9110 IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two
    /// obsolete forms it still asks recipients to accept.
    static func httpDate(_ text: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
