import SQLKit

extension Migration {
    /// Version 6: indexes that answer the commune's report from the index alone: the open stalls
    /// of each market by status, and the receipts that stand of each unit with their time,
    /// method and amount.
    static let reportIndexes = Migration(version: 6, name: "report indexes") { database in
        try await database.create(index: "vendors_open_counts").on("vendors")
            .column("market_id").column("closed_at").column("status")
            .run()
        try await database.create(index: "receipts_unit_standing").on("receipts")
            .column("unit_id").column("status").column("issued_at").column("method").column("amount")
            .run()
    }
}
