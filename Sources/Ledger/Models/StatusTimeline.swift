import Foundation
import Roster

/// The stalls' status history, read back to how the markets stood at given instants: pure, the
/// fold behind ``Ledger/monthlyStallCounts(commune:from:through:timeZone:)``.
struct StatusTimeline {
    /// One recorded change of a stall's status, with what the stall is now (its market, when it closed).
    struct Change: Decodable, Sendable {
        var vendorId: Int64
        var marketId: Int64
        var status: EquipmentStatus
        var changedAt: Date
        var closedAt: Date?
    }

    /// The changes, grouped by stall and, within a stall, in the order they were made.
    let changes: [Change]

    /// For each instant of `ends`, the open stalls of each market of `markets` by status: a stall
    /// counts when it was registered before the instant and not closed by then, at the status of
    /// its last change before it.
    func counts(at ends: [Date], markets: [Int64]) -> [[Int64: [EquipmentStatus: Int]]] {
        let zero = Dictionary(uniqueKeysWithValues: EquipmentStatus.allCases.map { ($0, 0) })
        var counts = Array(repeating: Dictionary(uniqueKeysWithValues: markets.map { ($0, zero) }), count: ends.count)
        var start = changes.startIndex
        while start < changes.endIndex {
            var end = start + 1
            while end < changes.endIndex, changes[end].vendorId == changes[start].vendorId { end += 1 }
            let stall = changes[start..<end]
            for (index, instant) in ends.enumerated() {
                guard let last = stall.last(where: { $0.changedAt < instant }) else { continue }
                if let closed = last.closedAt, closed < instant { continue }
                counts[index][last.marketId]?[last.status, default: 0] += 1
            }
            start = end
        }
        return counts
    }
}
