import SQLKit

extension Migration {
    /// Version 16: the outbox of receipts sent to their payers. A `deliveries` row is one receipt
    /// sent by one channel (`email`, or `callback` to the unit's messaging gateway) to one target:
    /// queued in the transaction that issues the receipt, claimed by a sender under a lease, and
    /// marked sent, retried later, or failed with the reason. `automatic` is 1 for the delivery the
    /// receipt's issue queued and NULL for a person's resend: the unique index on (receipt,
    /// channel, automatic) lets one automatic delivery per receipt and channel exist, however many
    /// servers queue, while resends (NULLs are distinct) are new rows, each under its request's key.
    /// `unit_callbacks` holds each unit's gateway: its URL and its secret, sealed as webhook
    /// secrets are.
    static let deliveries = Migration(version: 16, name: "receipt deliveries and unit callbacks") { database in
        try await database.create(table: "deliveries")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("unit_id", type: .bigint, .notNull, .references("units", "id"))
            .column("receipt_id", type: .bigint, .notNull, .references("receipts", "id"))
            .column("bill_id", type: .bigint, .references("bills", "id"))
            .column("channel", type: .text, .notNull)
            .column("target", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("attempts", type: .bigint, .notNull)
            .column("next_attempt_at", type: .timestamp, .notNull)
            .column("lease_until", type: .timestamp)
            .column("lease_token", type: .text)
            .column("last_error", type: .text)
            .column("created_at", type: .timestamp, .notNull)
            .column("updated_at", type: .timestamp, .notNull)
            .column("sent_at", type: .timestamp)
            .column("automatic", type: .bigint)
            .column("requested_by", type: .text)
            .column("request_key", type: .text)
            .run()
        try await database.create(index: "deliveries_once").unique().on("deliveries")
            .column("receipt_id").column("channel").column("automatic").run()
        try await database.create(index: "deliveries_request").unique().on("deliveries").column("unit_id").column("request_key").run()
        // What the senders look for: the due deliveries of their channels, oldest first.
        try await database.create(index: "deliveries_due").on("deliveries").column("channel").column("status").column("next_attempt_at")
            .run()
        try await database.create(index: "deliveries_bill").on("deliveries").column("bill_id").run()
        try await database.create(index: "deliveries_unit").on("deliveries").column("unit_id").column("status").run()
        try await database.create(table: "unit_callbacks")
            .column("unit_id", type: .bigint, .primaryKey(autoIncrement: false), .references("units", "id"))
            .column("url", type: .text, .notNull)
            .column("secret", type: .text, .notNull)
            .column("updated_at", type: .timestamp, .notNull)
            .column("updated_by", type: .text, .notNull)
            .run()
    }
}
