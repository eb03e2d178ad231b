/// Token buckets by key (a client address, a username): each holds up to `burst` tokens and
/// gains `burst` a minute; a call takes one, and one that finds none is refused with the seconds
/// until the next. The buckets are kept for at most `keys` keys: past that, the full ones (keys
/// not heard from for a while) are forgotten, and if all are in use the oldest half goes.
struct TokenBuckets: Sendable {
    let burst: Double
    let perSecond: Double
    let keys: Int
    private var buckets: [String: Bucket] = [:]

    private struct Bucket {
        var tokens: Double
        var at: Double
    }

    /// Buckets of `perMinute` calls a minute (and a burst of as many), for at most `keys` keys.
    init(perMinute: Int, keys: Int = 100_000) {
        burst = Double(max(perMinute, 1))
        perSecond = burst / 60
        self.keys = max(keys, 1)
    }

    /// Takes a token of `key` at `now` (seconds on a monotonic clock): nil when there was one,
    /// or the whole seconds (at least 1) until there is.
    mutating func take(_ key: String, now: Double) -> Int? {
        var bucket = buckets[key] ?? Bucket(tokens: burst, at: now)
        bucket.tokens = min(burst, bucket.tokens + max(0, now - bucket.at) * perSecond)
        bucket.at = now
        guard bucket.tokens >= 1 else {
            buckets[key] = bucket
            return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
        }
        bucket.tokens -= 1
        if buckets[key] == nil, buckets.count >= keys { forget(now: now) }
        buckets[key] = bucket
        return nil
    }

    /// The keys kept now.
    var count: Int { buckets.count }

    /// Forgets the buckets that have filled up again; if none has, the oldest half.
    private mutating func forget(now: Double) {
        buckets = buckets.filter { $0.value.tokens + (now - $0.value.at) * perSecond < burst }
        guard buckets.count >= keys else { return }
        let cut = buckets.values.map(\.at).sorted()[buckets.count / 2]
        buckets = buckets.filter { $0.value.at > cut }
    }
}
