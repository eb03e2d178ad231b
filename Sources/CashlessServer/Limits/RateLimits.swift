import Foundation
import Hummingbird
import Operations
import Synchronization

/// How often each client address has lately called the public routes and tried to sign in,
/// and each username been tried, in this process (``ServiceLimits``): each server of a
/// deployment counts its own.
final class RateLimits: Sendable {
    /// A call refused for coming too often; `retryAfter` seconds until the next is taken.
    struct Refused: Error {
        var retryAfter: Int
    }

    enum Door: Sendable { case publicRoute, signIn, signInUser }

    private let buckets: Mutex<[Door: TokenBuckets]>
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    init(_ limits: ServiceLimits) {
        buckets = Mutex([
            .publicRoute: TokenBuckets(perMinute: limits.publicPerMinute),
            .signIn: TokenBuckets(perMinute: limits.signInPerMinute),
            .signInUser: TokenBuckets(perMinute: limits.signInPerUserPerMinute),
        ])
        start = clock.now
    }

    /// Takes one call of `key` at `door`, or throws ``Refused``.
    func take(_ door: Door, _ key: String) throws(Refused) {
        let elapsed = clock.now - start
        let now = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        if let retryAfter = buckets.withLock({ $0[door]?.take(key, now: now) }) { throw Refused(retryAfter: retryAfter) }
    }
}
