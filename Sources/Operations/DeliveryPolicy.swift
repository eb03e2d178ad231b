/// How a receipt's delivery is retried: the waits after each failed attempt (1 minute, 5, 30,
/// 2 hours, 6 hours by default), after which it fails for good; and how long a sender holds a
/// delivery it claimed before another may take it over. An attempt cannot outlast it: the
/// sender claims one delivery just before trying it, an email's conversation is cut off after
/// ten steps' timeout, and the sender's lease is never less than twelve (``DeliverySender/lease``).
public struct DeliveryPolicy: Sendable, Hashable {
    /// The wait after the first failed attempt, the second, …
    public var backoff: [Duration]
    /// How long a claim lasts.
    public var lease: Duration

    public init(backoff: [Duration], lease: Duration = .seconds(600)) {
        self.backoff = backoff
        self.lease = lease
    }

    /// 1 min, 5 min, 30 min, 2 h, 6 h: six attempts over about 8.5 hours.
    public static let standard = DeliveryPolicy(backoff: [.seconds(60), .seconds(300), .seconds(1800), .seconds(7200), .seconds(21600)])

    /// Attempts before a delivery fails for good.
    public var maximumAttempts: Int64 { Int64(backoff.count) + 1 }

    /// The wait after attempt `attempt` (1 for the first) failed; nil when it was the last.
    public func delay(afterAttempt attempt: Int64) -> Duration? {
        attempt >= 1 && attempt <= Int64(backoff.count) ? backoff[Int(attempt) - 1] : nil
    }
}
