import Foundation
import SQLKit

extension Migration {
    /// Version 6: receipts indexed by unit and id, for a unit's latest receipts (the bursar's page).
    static let reportIndexes = Migration(version: 6, name: "report indexes") { database in
        try await database.create(index: "receipts_unit_latest").on("receipts")
            .column("unit_id").column("id")
            .run()
    }

    /// Version 7: the totals the cashless report reads, kept up to date by every change that
    /// moves them, in the change's transaction: open stalls per market and status, and the
    /// amount of the receipts that stand per unit, month (in Vietnam) and payment method. Filled
    /// from what is stored.
    static let reportTotals = Migration(version: 7, name: "report totals") { database in
        try await database.create(table: "market_stall_counts")
            .column("market_id", type: .bigint, .notNull, .references("units", "id"))
            .column("status", type: .text, .notNull)
            .column("stalls", type: .bigint, .notNull)
            .primaryKey("market_id", "status")
            .run()
        try await database.raw(
            """
            INSERT INTO market_stall_counts (market_id, status, stalls)
            SELECT market_id, status, COUNT(*) FROM vendors WHERE closed_at IS NULL GROUP BY market_id, status
            """
        ).run()
        try await database.create(table: "unit_fee_totals")
            .column("unit_id", type: .bigint, .notNull, .references("units", "id"))
            .column("month", type: .text, .notNull)
            .column("method", type: .text, .notNull)
            .column("total", type: .bigint, .notNull)
            .primaryKey("unit_id", "month", "method")
            .run()
        // The month is Vietnam's, which SQL would reckon differently on each engine: summed here.
        // Amounts only, as the table stood at version 7 (migration 15 adds the receipt counts).
        var totals: [Ledger.FeeTotalKey: Int64] = [:]
        for row in try await database.select().column("unit_id").column("method").column("amount").column("issued_at")
            .from("receipts").where("status", .equal, Receipt.Status.issued.rawValue).all()
        {
            let key = Ledger.FeeTotalKey(
                unitId: try row.decode(column: "unit_id", as: Int64.self),
                month: Ledger.vietnamMonth(of: try row.decode(column: "issued_at", as: Date.self)),
                method: try row.decode(column: "method", as: Receipt.Method.self)
            )
            totals[key, default: 0] += try row.decode(column: "amount", as: Int64.self)
        }
        for (key, total) in totals {
            try await database.insert(into: "unit_fee_totals").columns("unit_id", "month", "method", "total")
                .values(SQLBind(key.unitId), SQLBind(key.month), SQLBind(key.method.rawValue), SQLBind(total))
                .run()
        }
    }
}
