import NIOPosix
import Synchronization

/// Work that holds a thread for long — a password's 600,000 rounds of PBKDF2, reading a photo with
/// `zbarimg`, drawing a PDF — runs here, on threads of its own, so that it never takes the few
/// threads every request shares (a sign-in flood then slows sign-ins, not the verify page). At
/// most `threads` jobs run at once and at most `queue` wait; one more is refused at once with
/// ``Busy`` (the server answers 503 with `Retry-After`) rather than queued without end.
public final class ExpensiveWork: Sendable {
    /// Too much expensive work is running and waiting: try again in a moment.
    public struct Busy: Error, CustomStringConvertible {
        public var description: String { "the server is busy with expensive work (password checks, photos, PDFs): try again in a moment" }
    }

    private let pool: NIOThreadPool
    private let capacity: Int
    private let admitted = Mutex(0)

    /// A pool of `threads` threads with room for `queue` waiting jobs.
    public init(threads: Int, queue: Int) {
        pool = NIOThreadPool(numberOfThreads: max(threads, 1))
        pool.start()
        capacity = max(threads, 1) + max(queue, 0)
    }

    /// The pool ``ServiceLimits`` ask for.
    public convenience init(_ limits: ServiceLimits) {
        self.init(threads: limits.resolvedWorkThreads, queue: limits.workQueue)
    }

    deinit {
        pool.shutdownGracefully { _ in }
    }

    /// Jobs running or waiting now.
    public var load: Int { admitted.withLock { $0 } }

    /// `body`'s result, computed on one of the pool's threads; ``Busy`` when the pool is full.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let admitted = self.admitted.withLock { count in
            guard count < capacity else { return false }
            count += 1
            return true
        }
        guard admitted else { throw Busy() }
        defer { self.admitted.withLock { $0 -= 1 } }
        return try await pool.runIfActive(body)
    }
}
