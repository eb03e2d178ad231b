import Foundation
import Roster
import Synchronization

/// The stall counts of months that have ended, kept once read: a stall's status changes are
/// dated when they are made, so how the markets stood at the end of a month that is over never
/// changes. Counts are kept per market, so a commune that gains a market is read again.
final class ClosedMonths: Sendable {
    struct Key: Hashable {
        var commune: Int64
        var month: Month
        /// The time zone whose month it is.
        var zone: String
    }

    /// How long after a month's end its counts are kept: servers' clocks differ by a little, so a
    /// change dated just before the end may still come in just after it.
    static let settling: TimeInterval = 3600

    private let kept = Mutex<[Key: [Int64: [EquipmentStatus: Int]]]>([:])

    /// The counts of `month` for every market of `markets`, if they are all kept.
    func counts(_ key: Key, markets: [Int64]) -> [Int64: [EquipmentStatus: Int]]? {
        kept.withLock { kept in
            guard let known = kept[key], markets.allSatisfy({ known[$0] != nil }) else { return nil }
            return known
        }
    }

    /// Keeps the counts of a month that ended at `end`, if it ended long enough before `now`.
    func keep(_ counts: [Int64: [EquipmentStatus: Int]], for key: Key, end: Date, now: Date) {
        guard end.addingTimeInterval(Self.settling) <= now else { return }
        kept.withLock { $0[key] = counts }
    }
}
