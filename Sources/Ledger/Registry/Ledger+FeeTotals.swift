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
