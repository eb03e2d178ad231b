import SQLKit

extension Migration {
    /// Version 13: the key webhook secrets are sealed under (`hook_secret_keys`, one row: its id,
    /// never the key). The first server that makes or holds the key file records it; a server
    /// whose file holds another key, or that has none, refuses to seal rather than start a
    /// second key (two servers starting at once with separate key folders would each make one).
    static let hookSecretKey = Migration(version: 13, name: "webhook secret key") { database in
        try await database.create(table: "hook_secret_keys")
            .column("id", type: .bigint, .primaryKey(autoIncrement: false))
            .column("key_id", type: .text, .notNull)
            .column("created_at", type: .timestamp, .notNull)
            .run()
    }
}
