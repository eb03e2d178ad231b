import SQLKit

extension Migration {
    /// Version 6: indexes over receipts for what pages and reports read: a unit's latest
    /// receipts, and the receipts that stand of each unit with their time, method and amount
    /// (the monthly fees answered from the index alone).
    static let reportIndexes = Migration(version: 6, name: "report indexes") { database in
        try await database.create(index: "receipts_unit_latest").on("receipts")
            .column("unit_id").column("id")
            .run()
        try await database.create(index: "receipts_unit_standing").on("receipts")
            .column("unit_id").column("status").column("issued_at").column("method").column("amount")
            .run()
    }

    /// Version 7: the totals the cashless report reads, kept up to date by every change that
    /// moves them, in the change's transaction: open stalls per market and status, and the
    /// amount of the receipts that stand per unit and payment method. Filled from what is stored.
    static let reportTotals = Migration(version: 7, name: "report totals") { database in
        try await database.create(table: "market_stall_counts")
            .column("market_id", type: .bigint, .notNull, .references("units", "id"))
            .column("status", type: .text, .notNull)
            .column("stalls", type: .bigint, .notNull)
            .primaryKey("market_id", "status")
            .run()
        try await database.raw("""
            INSERT INTO market_stall_counts (market_id, status, stalls)
            SELECT market_id, status, COUNT(*) FROM vendors WHERE closed_at IS NULL GROUP BY market_id, status
            """).run()
        try await database.create(table: "unit_fee_totals")
            .column("unit_id", type: .bigint, .notNull, .references("units", "id"))
            .column("method", type: .text, .notNull)
            .column("total", type: .bigint, .notNull)
            .primaryKey("unit_id", "method")
            .run()
        try await database.raw("""
            INSERT INTO unit_fee_totals (unit_id, method, total)
            SELECT unit_id, method, CAST(SUM(amount) AS BIGINT) FROM receipts WHERE status = 'issued' GROUP BY unit_id, method
            """).run()
    }
}
