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

extension Ledger {
    /// What the units of commune `communeId` collected, counting each receipt that stands (not
    /// the ones replaced or adjusted, whose newer receipts count instead), by method: one grouped sum.
    public func feeTotals(commune communeId: Int64) async throws -> FeeTotals {
        try await backend.withDatabase(logger: logger) { database in
            let rows = try await database.select()
                .column(SQLColumn("method", table: "receipts"), as: "method")
                // PostgreSQL sums bigints as numeric: cast back, on both engines alike.
                .column(SQLRaw("CAST(SUM(receipts.amount) AS BIGINT)"), as: "total")
                .from("receipts")
                .join("units", on: SQLColumn("unit_id", table: "receipts"), .equal, SQLColumn("id", table: "units"))
                .where(SQLColumn("commune_id", table: "units"), .equal, SQLBind(communeId))
                .where(SQLColumn("status", table: "receipts"), .equal, SQLBind(Receipt.Status.issued.rawValue))
                .groupBy(SQLColumn("method", table: "receipts"))
                .all(decoding: MethodTotal.self)
            var totals = FeeTotals(cashless: 0, cash: 0)
            for row in rows {
                if row.method == .cash { totals.cash += UInt64(row.total) } else { totals.cashless += UInt64(row.total) }
            }
            return totals
        }
    }
}

private struct MethodTotal: Decodable {
    var method: Receipt.Method
    var total: Int64
}

extension Ledger {
    /// What the units of commune `communeId` collected in each month `from` … `through` (months of
    /// `timeZone`), counting each receipt that stands, by method.
    public func monthlyFeeTotals(commune communeId: Int64, from: Month, through: Month,
                                 timeZone: TimeZone) async throws -> [(month: Month, totals: FeeTotals)] {
        let months = try Self.months(from: from, through: through)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let start = calendar.date(from: DateComponents(year: from.year, month: from.month, day: 1)),
              let end = calendar.date(from: DateComponents(year: through.year, month: through.month + 1, day: 1))
        else { throw LedgerError.unexpected("the months \(from) to \(through) have no dates") }
        let rows = try await backend.withDatabase(logger: logger) { database in
            try await database.select()
                .column(SQLColumn("issued_at", table: "receipts"), as: "issuedAt")
                .column(SQLColumn("method", table: "receipts"), as: "method")
                .column(SQLColumn("amount", table: "receipts"), as: "amount")
                .from("receipts")
                .join("units", on: SQLColumn("unit_id", table: "receipts"), .equal, SQLColumn("id", table: "units"))
                .where(SQLColumn("commune_id", table: "units"), .equal, SQLBind(communeId))
                .where(SQLColumn("status", table: "receipts"), .equal, SQLBind(Receipt.Status.issued.rawValue))
                .where(SQLColumn("issued_at", table: "receipts"), .greaterThanOrEqual, SQLBind(start))
                .where(SQLColumn("issued_at", table: "receipts"), .lessThan, SQLBind(end))
                .all(decoding: DatedAmount.self)
        }
        var totals = Dictionary(uniqueKeysWithValues: months.map { ($0, FeeTotals(cashless: 0, cash: 0)) })
        for row in rows {
            let parts = calendar.dateComponents([.year, .month], from: row.issuedAt)
            let month = Month(year: parts.year ?? 0, month: parts.month ?? 0)
            if row.method == .cash { totals[month]?.cash += UInt64(row.amount) } else { totals[month]?.cashless += UInt64(row.amount) }
        }
        return months.map { ($0, totals[$0] ?? FeeTotals(cashless: 0, cash: 0)) }
    }
}

private struct DatedAmount: Decodable {
    var issuedAt: Date
    var method: Receipt.Method
    var amount: Int64
}
