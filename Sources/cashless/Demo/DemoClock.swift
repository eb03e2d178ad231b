import Foundation
import Synchronization

/// The time the demo's ledger sees: set back month by month while the demo's history is loaded,
/// so that the charts show a year; the real time otherwise.
final class DemoClock: Sendable {
    private let time = Mutex<Date?>(nil)

    /// The time set, or now.
    var now: Date { time.withLock { $0 } ?? Date() }

    /// From now on, the ledger sees `date` (nil: the real time again).
    func set(_ date: Date?) {
        time.withLock { $0 = date }
    }
}
