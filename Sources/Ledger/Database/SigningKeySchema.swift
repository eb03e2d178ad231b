import SQLKit

extension Migration {
    /// Version 3: the public keys units seal receipts with. The private keys are not here: they
    /// are files under the data directory. A unit has at most one `active` key; the ones before
    /// it stay as `verify_only` for good (receipts do not expire).
    static let signingKeys = Migration(version: 3, name: "signing_keys") { database in
        try await database.create(table: "signing_keys")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("unit_id", type: .bigint, .notNull, .references("units", "id"))
            .column("kid", type: .text, .notNull, .unique)
            .column("alg", type: .text, .notNull)
            .column("public_key_pem", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("valid_from", type: .timestamp, .notNull)
            .column("valid_to", type: .timestamp)
            .run()
        try await database.create(index: "signing_keys_unit").on("signing_keys")
            .column("unit_id").column("status")
            .run()
    }
}
