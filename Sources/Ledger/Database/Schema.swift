import SQLKit

extension Migration {
    /// Version 1: communes, their units, the stalls of the markets with every status change, and
    /// API keys. Text meant for search is kept folded (`search`, `province_key`) so that one `LIKE`
    /// finds "Hoà" from "hoa" on both engines. A stall code is unique per market among open stalls,
    /// without regard to case: `open_stall_key` holds the upper-cased code while the stall is open
    /// and NULL once it is closed (unique indexes let NULLs repeat on both engines), so a closed
    /// stall's code can be given to a new holder, and an import can upsert on that index.
    static let registry = Migration(version: 1, name: "registry") { database in
        try await database.create(table: "communes")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("name", type: .text, .notNull)
            .column("province", type: .text, .notNull)
            .column("search", type: .text, .notNull)
            .column("province_key", type: .text, .notNull)
            .column("created_at", type: .timestamp, .notNull)
            .run()

        try await database.create(table: "units")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("kind", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("commune_id", type: .bigint, .notNull, .references("communes", "id"))
            .column("address", type: .text)
            .column("tax_code", type: .text)
            .column("bank_bin", type: .text)
            .column("bank_account", type: .text)
            .column("bank_holder", type: .text)
            .column("search", type: .text, .notNull)
            .column("created_at", type: .timestamp, .notNull)
            .run()
        try await database.create(index: "units_commune_kind").on("units")
            .column("commune_id").column("kind")
            .run()

        try await database.create(table: "vendors")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("market_id", type: .bigint, .notNull, .references("units", "id"))
            .column("stall", type: .text, .notNull)
            .column("open_stall_key", type: .text)
            .column("name", type: .text, .notNull)
            .column("phone", type: .text)
            .column("bank_bin", type: .text)
            .column("account", type: .text)
            .column("holder", type: .text)
            .column("status", type: .text, .notNull)
            .column("search", type: .text, .notNull)
            .column("created_at", type: .timestamp, .notNull)
            .column("closed_at", type: .timestamp)
            .column("closed_by", type: .text)
            .run()
        try await database.create(index: "vendors_open_stall").unique().on("vendors")
            .column("market_id").column("open_stall_key")
            .run()
        try await database.create(index: "vendors_market_status").on("vendors")
            .column("market_id").column("status")
            .run()

        try await database.create(table: "vendor_status_changes")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("vendor_id", type: .bigint, .notNull, .references("vendors", "id"))
            .column("from_status", type: .text)
            .column("to_status", type: .text, .notNull)
            .column("changed_at", type: .timestamp, .notNull)
            .column("changed_by", type: .text, .notNull)
            .run()
        try await database.create(index: "vendor_status_changes_vendor").on("vendor_status_changes")
            .column("vendor_id").column("changed_at").column("id")
            .run()

        try await database.create(table: "api_keys")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("role", type: .text, .notNull)
            .column("scope_id", type: .bigint)
            .column("secret_hash", type: .text, .notNull, .unique)
            .column("created_at", type: .timestamp, .notNull)
            .column("revoked_at", type: .timestamp)
            .run()
    }
}
