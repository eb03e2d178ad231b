import SQLKit

extension Migration {
    /// Version 4: what schools and clinics bill and collect. Each unit gets its receipt options
    /// (form code, amount in words with "chẵn" or "ngàn") and the secret its bank's payment
    /// notifications are signed with. `bills` are what a payer owes, each with the short code a
    /// transfer carries in its content; `payments` are the money that came (bank notifications,
    /// statement lines, cash), matched to a bill or waiting for a person. A bank's transaction id
    /// is unique per unit, so a notification sent twice is stored once.
    static let fees = Migration(version: 4, name: "fees") { database in
        // One column per statement: SQLite adds one at a time.
        try await database.alter(table: "units").column("receipt_form_code", type: .text, .notNull, .default("EBL01")).run()
        try await database.alter(table: "units").column("words_chan", type: .custom(SQLRaw("BOOLEAN")), .notNull, .default(false)).run()
        try await database.alter(table: "units").column("words_ngan", type: .custom(SQLRaw("BOOLEAN")), .notNull, .default(false)).run()
        try await database.alter(table: "units").column("hook_secret", type: .text).run()

        try await database.create(table: "bills")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("unit_id", type: .bigint, .notNull, .references("units", "id"))
            .column("code", type: .text, .notNull)
            .column("payer_name", type: .text, .notNull)
            .column("payer_reference", type: .text)
            .column("fee_type", type: .text, .notNull)
            .column("amount", type: .bigint, .notNull)
            .column("due_date", type: .text)
            .column("payload", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("paid_amount", type: .bigint, .notNull)
            .column("receipt_id", type: .bigint, .references("receipts", "id"))
            .column("created_at", type: .timestamp, .notNull)
            .column("created_by", type: .text, .notNull)
            .run()
        try await database.create(index: "bills_code").unique().on("bills")
            .column("unit_id").column("code")
            .run()
        try await database.create(index: "bills_unit_status").on("bills")
            .column("unit_id").column("status")
            .run()

        try await database.create(table: "payments")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("unit_id", type: .bigint, .notNull, .references("units", "id"))
            .column("source", type: .text, .notNull)
            .column("bank_txn_id", type: .text)
            .column("amount", type: .bigint, .notNull)
            .column("content", type: .text, .notNull)
            .column("payer_name", type: .text)
            .column("paid_at", type: .timestamp, .notNull)
            .column("status", type: .text, .notNull)
            .column("note", type: .text)
            .column("bill_id", type: .bigint, .references("bills", "id"))
            .column("receipt_id", type: .bigint, .references("receipts", "id"))
            .column("created_at", type: .timestamp, .notNull)
            .column("created_by", type: .text, .notNull)
            .run()
        try await database.create(index: "payments_txn").unique().on("payments")
            .column("unit_id").column("bank_txn_id")
            .run()
        try await database.create(index: "payments_unit_status").on("payments")
            .column("unit_id").column("status")
            .run()
        try await database.create(index: "receipts_unit_method").on("receipts")
            .column("unit_id").column("method")
            .run()
    }
}
