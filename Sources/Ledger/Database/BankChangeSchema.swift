import SQLKit

extension Migration {
    /// Version 12: every change of a stall's or a unit's bank account (bank, account, holder), who
    /// made it, when, and the account before and after, kept for the commune to read. Rows are
    /// only ever added: triggers refuse an update or a delete.
    static let bankAccountChanges = Migration(version: 12, name: "bank account changes") { database in
        try await database.create(table: "bank_account_changes")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("commune_id", type: .bigint, .notNull, .references("communes", "id"))
            .column("unit_id", type: .bigint, .notNull, .references("units", "id"))
            .column("vendor_id", type: .bigint, .references("vendors", "id"))
            .column("stall", type: .text)
            .column("old_bank_bin", type: .text)
            .column("old_account", type: .text)
            .column("old_holder", type: .text)
            .column("new_bank_bin", type: .text)
            .column("new_account", type: .text)
            .column("new_holder", type: .text)
            .column("changed_at", type: .timestamp, .notNull)
            .column("changed_by", type: .text, .notNull)
            .run()
        try await database.create(index: "bank_account_changes_commune").on("bank_account_changes")
            .column("commune_id").column("id")
            .run()
        // The database itself refuses to change or delete an entry.
        if database.dialect.name == "sqlite" {
            for event in ["UPDATE", "DELETE"] {
                try await database.raw(
                    """
                    CREATE TRIGGER bank_account_changes_no_\(unsafeRaw: event.lowercased()) BEFORE \(unsafeRaw: event) ON bank_account_changes
                    BEGIN SELECT RAISE(ABORT, 'bank_account_changes only takes new rows'); END
                    """
                ).run()
            }
        } else {
            try await database.raw(
                """
                CREATE FUNCTION bank_account_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'bank_account_changes only takes new rows'; END $$
                """
            ).run()
            try await database.raw(
                """
                CREATE TRIGGER bank_account_changes_append_only BEFORE UPDATE OR DELETE ON bank_account_changes
                FOR EACH ROW EXECUTE FUNCTION bank_account_changes_append_only()
                """
            ).run()
        }
    }
}
