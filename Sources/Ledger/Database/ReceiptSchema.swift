import SQLKit

extension Migration {
    /// Version 2: receipts and their numbering. `receipt_counters` holds the last number of each
    /// (unit, form code, series); a receipt's number is taken from it in the transaction that
    /// stores the receipt, so numbers have no gaps and no repeats. Receipts are never deleted:
    /// replacing one marks it and points the new one at it.
    static let receipts = Migration(version: 2, name: "receipts") { database in
        try await database.create(table: "receipt_counters")
            .column("unit_id", type: .bigint, .notNull, .references("units", "id"))
            .column("form_code", type: .text, .notNull)
            .column("series", type: .text, .notNull)
            .column("last_number", type: .bigint, .notNull)
            .primaryKey("unit_id", "form_code", "series")
            .run()

        try await database.create(table: "receipts")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("unit_id", type: .bigint, .notNull, .references("units", "id"))
            .column("form_code", type: .text, .notNull)
            .column("series", type: .text, .notNull)
            .column("number", type: .bigint, .notNull)
            .column("issued_at", type: .timestamp, .notNull)
            .column("payer_name", type: .text, .notNull)
            .column("payer_reference", type: .text)
            .column("payer_address", type: .text)
            .column("fee_type", type: .text, .notNull)
            .column("items", type: .text, .notNull)
            .column("amount", type: .bigint, .notNull)
            .column("amount_in_words", type: .text, .notNull)
            .column("method", type: .text, .notNull)
            .column("bill_id", type: .bigint)
            .column("status", type: .text, .notNull)
            .column("supersedes_id", type: .bigint, .references("receipts", "id"))
            .column("kid", type: .text, .notNull)
            .column("seal", type: .text, .notNull)
            .column("idempotency_key", type: .text)
            .column("issued_by", type: .text, .notNull)
            .run()
        try await database.create(index: "receipts_number").unique().on("receipts")
            .column("unit_id").column("form_code").column("series").column("number")
            .run()
        try await database.create(index: "receipts_idempotency").unique().on("receipts")
            .column("unit_id").column("idempotency_key")
            .run()
    }
}
