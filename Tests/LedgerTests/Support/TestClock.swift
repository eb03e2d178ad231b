import Foundation
import Synchronization

/// A clock the test moves by hand; it starts at 2026-01-10 08:00 UTC.
final class TestClock: Sendable {
    private let time: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_768_032_000)) {
        time = Mutex(start)
    }

    /// The time now.
    @Sendable func now() -> Date {
        time.withLock { $0 }
    }

    /// Sets the time to `date`.
    func set(_ date: Date) {
        time.withLock { $0 = date }
    }

    /// Moves the time on by `seconds`.
    func advance(by seconds: TimeInterval) {
        time.withLock { $0 += seconds }
    }
}

extension Date {
    /// The instant written in ISO 8601 (`2026-01-31T17:00:00Z`); for fixtures.
    init(iso8601 text: String) throws {
        self = try Date(text, strategy: .iso8601)
    }
}
