import Foundation

/// A province or centrally run city (tỉnh, thành phố), or any group of communes read together:
/// what a province-level officer sees. Its communes name it by ``name``; the row is found by the
/// name folded as searches fold it, so "Thanh Hoá" and "thanh hóa" are one province.
public struct Province: Sendable, Hashable, Codable, Identifiable {
    /// Assigned by the ledger.
    public let id: Int64
    /// Its name as first written: "Thanh Hóa".
    public var name: String
    /// When its first commune was registered (or, for provinces of migration 15, that commune's date).
    public let createdAt: Date
}

/// What a province's cashless report is made from (``Ledger/provinceStanding(_:)``): the
/// province and the standing of each of its communes, by ascending id.
public struct ProvinceStanding: Sendable {
    public var province: Province
    public var communes: [CommuneStanding]
}

/// A commune's months, for the province's history: the stalls of its markets at the end of each
/// month and the fees collected in it.
public struct CommuneMonths: Sendable {
    public var communeId: Int64
    /// One per month asked for, oldest first.
    public var stalls: [MonthlyStallCounts]
    /// One per month asked for, oldest first.
    public var fees: [MonthlyFees]
}

/// What a commune's units collected with receipts that stand in one month.
public struct MonthlyFees: Sendable, Hashable {
    public var month: Month
    public var amounts: FeeTotals
    public var receipts: ReceiptCounts
}
