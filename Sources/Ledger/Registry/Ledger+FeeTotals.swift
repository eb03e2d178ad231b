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
    /// the ones replaced or adjusted, whose newer receipts count instead), by method: read from the
    /// totals every receipt issued or superseded keeps up to date.
    public func feeTotals(commune communeId: Int64) async throws -> FeeTotals {
        try await backend.withDatabase(logger: logger) { database in
            try await Self.feeTotals(commune: communeId, in: database)
        }
    }

    static func feeTotals(commune communeId: Int64, in database: any SQLDatabase) async throws -> FeeTotals {
        let rows = try await database.select()
            .column(SQLColumn("method", table: "unit_fee_totals"), as: "method")
            // PostgreSQL sums bigints as numeric: cast back, on both engines alike.
            .column(SQLRaw("CAST(SUM(unit_fee_totals.total) AS BIGINT)"), as: "total")
            .from("unit_fee_totals")
            .join("units", on: SQLColumn("unit_id", table: "unit_fee_totals"), .equal, SQLColumn("id", table: "units"))
            .where(SQLColumn("commune_id", table: "units"), .equal, SQLBind(communeId))
            .groupBy(SQLColumn("method", table: "unit_fee_totals"))
            .all(decoding: MethodTotal.self)
        var totals = FeeTotals(cashless: 0, cash: 0)
        for row in rows {
            if row.method == .cash { totals.cash += UInt64(row.total) } else { totals.cashless += UInt64(row.total) }
        }
        return totals
    }
}

private struct MethodTotal: Decodable {
    var method: Receipt.Method
    var total: Int64
}

extension Ledger {
    /// What the units of commune `communeId` collected in each month `from` … `through` (months of
    /// `timeZone`), counting each receipt that stands, by method: one grouped sum, each receipt
    /// put in its month by comparing its time with the months' ends.
    public func monthlyFeeTotals(commune communeId: Int64, from: Month, through: Month,
                                 timeZone: TimeZone) async throws -> [(month: Month, totals: FeeTotals)] {
        let months = try Self.months(from: from, through: through)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let start = calendar.date(from: DateComponents(year: from.year, month: from.month, day: 1)) else {
            throw LedgerError.unexpected("the month \(from) has no date")
        }
        let ends = try months.map { month in
            guard let end = calendar.date(from: DateComponents(year: month.next.year, month: month.next.month, day: 1)) else {
                throw LedgerError.unexpected("the month \(month) has no end")
            }
            return end
        }
        let month: SQLQueryString = "CASE " + ends.enumerated().map { index, end in
            "WHEN receipts.issued_at < \(bind: end) THEN \(literal: index) "
        }.joined() + "END"
        let rows = try await backend.withDatabase(logger: logger) { database in
            try await database.raw("""
                SELECT \(month) AS \(ident: "month"), receipts.method AS method, CAST(SUM(receipts.amount) AS BIGINT) AS total
                FROM receipts JOIN units ON units.id = receipts.unit_id
                WHERE units.commune_id = \(bind: communeId) AND receipts.status = \(bind: Receipt.Status.issued.rawValue)
                  AND receipts.issued_at >= \(bind: start) AND receipts.issued_at < \(bind: ends[ends.count - 1])
                GROUP BY \(ident: "month"), receipts.method
                """).all(decoding: MonthTotal.self)
        }
        var totals = Array(repeating: FeeTotals(cashless: 0, cash: 0), count: months.count)
        for row in rows where totals.indices.contains(row.month) {
            if row.method == .cash { totals[row.month].cash += UInt64(row.total) } else { totals[row.month].cashless += UInt64(row.total) }
        }
        return Array(zip(months, totals)).map { (month: $0.0, totals: $0.1) }
    }
}

/// A row of ``Ledger/monthlyFeeTotals(commune:from:through:timeZone:)``: the month's index, a method, its sum.
private struct MonthTotal: Decodable {
    var month: Int
    var method: Receipt.Method
    var total: Int64
}
