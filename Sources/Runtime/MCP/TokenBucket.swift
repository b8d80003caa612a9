/// A token bucket: `rate` tokens a second, at most `capacity` saved up. The
/// caller passes the time, so tests need no clock.
struct TokenBucket: Sendable {
    let rate: Double
    let capacity: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    /// Starts full.
    init(rate: Double, capacity: Double, now: ContinuousClock.Instant) {
        self.rate = rate
        self.capacity = capacity
        tokens = capacity
        updated = now
    }

    /// Whether `amount` tokens are there at `now`; does not take them.
    mutating func has(_ amount: Double, at now: ContinuousClock.Instant) -> Bool {
        let elapsed = now - updated
        if elapsed > .zero {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(capacity, tokens + seconds * rate)
            updated = now
        }
        return tokens >= amount
    }

    mutating func take(_ amount: Double) { tokens -= amount }
}
