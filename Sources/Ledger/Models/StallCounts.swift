import Foundation
import Roster

/// A month of the calendar, for the monthly history of the counts.
public struct Month: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, e.g. 2026.
    public var year: Int
    /// The month, 1 (January) through 12.
    public var month: Int

    /// The month `month` of `year`.
    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// The month after this one.
    public var next: Month {
        month == 12 ? Month(year: year + 1, month: 1) : Month(year: year, month: month + 1)
    }

    /// `2026-03`.
    public var description: String {
        let digits = String(month)
        return "\(year)-" + (digits.count == 1 ? "0" + digits : digits)
    }

    /// Earlier months first.
    public static func < (lhs: Month, rhs: Month) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}

/// The open stalls of one market by status. Every status is present, with 0 when no stall has it.
public struct MarketStallCounts: Sendable, Hashable, Codable {
    /// The market.
    public var marketId: Int64
    /// Open stalls at each status.
    public var stalls: [EquipmentStatus: Int]

    /// The counts `stalls` of market `marketId`.
    public init(marketId: Int64, stalls: [EquipmentStatus: Int]) {
        self.marketId = marketId
        self.stalls = stalls
    }
}

/// The stalls of a commune's markets as they stood at the end of a month.
public struct MonthlyStallCounts: Sendable, Hashable, Codable {
    /// The month; the counts are as of its last instant in the time zone asked for.
    public var month: Month
    /// Every market of the commune, by ascending id.
    public var markets: [MarketStallCounts]
}

/// What a commune's cashless report is made from: ``Ledger/communeStanding(_:)``.
public struct CommuneStanding: Sendable {
    public var commune: Commune
    /// Every unit of the commune, by ascending id.
    public var units: [UnitSummary]
    /// The open stalls of each market by status, markets by ascending id.
    public var stalls: [MarketStallCounts]
    /// The fees collected with receipts that stand.
    public var fees: FeeTotals
    /// The receipts that stand.
    public var receipts: ReceiptCounts
}

/// What a report says of a unit: which it is, and the account it collects to.
public struct UnitSummary: Sendable, Hashable, Decodable, Identifiable {
    public var id: Int64
    public var kind: CommuneUnit.Kind
    public var name: String
    public var bankBin: String?
    public var bankAccount: String?
}
