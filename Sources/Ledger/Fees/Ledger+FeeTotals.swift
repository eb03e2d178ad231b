import Foundation
import SQLKit

/// What the units of a commune collected with receipts, in đồng, by how it came.
public struct FeeTotals: Sendable, Hashable, Codable {
    /// By QR code or bank transfer.
    public var cashless: UInt64
    /// In cash.
    public var cash: UInt64

    public init(cashless: UInt64, cash: UInt64) {
        self.cashless = cashless
        self.cash = cash
    }

    public var total: UInt64 { cashless + cash }
}

/// How many receipts that stand the units of a commune issued, by how the money came.
public struct ReceiptCounts: Sendable, Hashable, Codable {
    /// Paid by QR code or bank transfer.
    public var cashless: Int
    /// Paid in cash.
    public var cash: Int

    public init(cashless: Int, cash: Int) {
        self.cashless = cashless
        self.cash = cash
    }

    public var total: Int { cashless + cash }
}

extension Ledger {
    /// What the units of commune `communeId` collected, counting each receipt that stands (not
    /// the ones replaced or adjusted, whose newer receipts count instead), by method: read from the
    /// totals every receipt issued or superseded keeps up to date.
    public func feeTotals(commune communeId: Int64) async throws -> FeeTotals {
        try await backend.withDatabase(logger: logger) { database in
            try await Self.feeTotals(commune: communeId, in: database).amounts
        }
    }

    /// How many receipts that stand the units of commune `communeId` issued, by method: read
    /// from the kept totals, as ``feeTotals(commune:)``.
    public func receiptCounts(commune communeId: Int64) async throws -> ReceiptCounts {
        try await backend.withDatabase(logger: logger) { database in
            try await Self.feeTotals(commune: communeId, in: database).receipts
        }
    }

    static func feeTotals(commune communeId: Int64, in database: any SQLDatabase) async throws -> (amounts: FeeTotals, receipts: ReceiptCounts) {
        let rows = try await database.select()
            .column(SQLColumn("method", table: "unit_fee_totals"), as: "method")
            // PostgreSQL sums bigints as numeric: cast back, on both engines alike.
            .column(SQLRaw("CAST(SUM(unit_fee_totals.total) AS BIGINT)"), as: "total")
            .column(SQLRaw("CAST(SUM(unit_fee_totals.receipts) AS BIGINT)"), as: "receipts")
            .from("unit_fee_totals")
            .join("units", on: SQLColumn("unit_id", table: "unit_fee_totals"), .equal, SQLColumn("id", table: "units"))
            .where(SQLColumn("commune_id", table: "units"), .equal, SQLBind(communeId))
            .groupBy(SQLColumn("method", table: "unit_fee_totals"))
            .all(decoding: MethodTotal.self)
        var totals = FeeTotals(cashless: 0, cash: 0)
        var receipts = ReceiptCounts(cashless: 0, cash: 0)
        for row in rows {
            if row.method == .cash {
                totals.cash += UInt64(row.total)
                receipts.cash += Int(row.receipts)
            } else {
                totals.cashless += UInt64(row.total)
                receipts.cashless += Int(row.receipts)
            }
        }
        return (totals, receipts)
    }
}

/// A row of the fee totals summed by method: its amount and its receipts.
struct MethodTotal: Decodable {
    var method: Receipt.Method
    var total: Int64
    var receipts: Int64
}

extension Ledger {
    /// What the units of commune `communeId` collected in each month `from` … `through` (months of
    /// Vietnam), counting each receipt that stands, by method: read from the kept totals.
    public func monthlyFeeTotals(commune communeId: Int64, from: Month, through: Month) async throws -> [(month: Month, totals: FeeTotals)] {
        let months = try Self.months(from: from, through: through)
        let rows = try await backend.withDatabase(logger: logger) { database in
            _ = try await Self.commune(communeId, in: database, forUpdate: false)
            return try await database.select()
                .column(SQLColumn("month", table: "unit_fee_totals"), as: "month")
                .column(SQLColumn("method", table: "unit_fee_totals"), as: "method")
                .column(SQLRaw("CAST(SUM(unit_fee_totals.total) AS BIGINT)"), as: "total")
                .from("unit_fee_totals")
                .join("units", on: SQLColumn("unit_id", table: "unit_fee_totals"), .equal, SQLColumn("id", table: "units"))
                .where(SQLColumn("commune_id", table: "units"), .equal, SQLBind(communeId))
                .where(SQLColumn("month", table: "unit_fee_totals"), .greaterThanOrEqual, SQLBind(from.description))
                .where(SQLColumn("month", table: "unit_fee_totals"), .lessThanOrEqual, SQLBind(through.description))
                .groupBy(SQLColumn("month", table: "unit_fee_totals")).groupBy(SQLColumn("method", table: "unit_fee_totals"))
                .all(decoding: MonthTotal.self)
        }
        var totals = Dictionary(uniqueKeysWithValues: months.map { ($0.description, FeeTotals(cashless: 0, cash: 0)) })
        for row in rows {
            if row.method == .cash { totals[row.month]?.cash += UInt64(row.total) } else { totals[row.month]?.cashless += UInt64(row.total) }
        }
        return months.map { (month: $0, totals: totals[$0.description] ?? FeeTotals(cashless: 0, cash: 0)) }
    }
}

/// A row of ``Ledger/monthlyFeeTotals(commune:from:through:)``: a month, a method, its sum.
private struct MonthTotal: Decodable {
    var month: String
    var method: Receipt.Method
    var total: Int64
}
