import SQLKit

extension Migration {
    /// Version 5: people who sign in to the web pages, with the same roles and scopes as API keys,
    /// and their sessions. A password is stored only as its hash (made by the caller); a session
    /// only as the SHA-256 of its token. Failed sign-ins are counted per user, and lock the user
    /// out for a while after too many.
    static let accounts = Migration(version: 5, name: "accounts") { database in
        try await database.create(table: "users")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("username", type: .text, .notNull, .unique)
            .column("display_name", type: .text, .notNull)
            .column("password_hash", type: .text, .notNull)
            .column("role", type: .text, .notNull)
            .column("scope_id", type: .bigint)
            .column("failed_logins", type: .bigint, .notNull)
            .column("locked_until", type: .timestamp)
            .column("created_at", type: .timestamp, .notNull)
            .column("disabled_at", type: .timestamp)
            .run()

        try await database.create(table: "sessions")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("token_hash", type: .text, .notNull, .unique)
            .column("user_id", type: .bigint, .notNull, .references("users", "id"))
            .column("csrf_token", type: .text, .notNull)
            .column("created_at", type: .timestamp, .notNull)
            .column("expires_at", type: .timestamp, .notNull)
            .run()
    }
}
