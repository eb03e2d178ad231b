import SQLKit

extension Migration {
    /// Version 10: a unit key's revocation — when trust in it stops (`revoked_at`, which may be
    /// earlier than the day it was recorded: a compromise found late), why (`compromised` or
    /// `superseded`) and who recorded it; a revocation is kept for good, never deleted. And the
    /// deployment's root key (`root_keys`, one row): the first server to start records the root
    /// it holds, and every other server must hold the same one, so the trust and status lists are
    /// signed by one root whichever server hands them out.
    static let keyRevocation = Migration(version: 10, name: "key revocation and root key") { database in
        try await database.alter(table: "signing_keys").column("revoked_at", type: .timestamp).run()
        try await database.alter(table: "signing_keys").column("revocation_reason", type: .text).run()
        try await database.alter(table: "signing_keys").column("revoked_by", type: .text).run()
        try await database.create(table: "root_keys")
            .column("id", type: .bigint, .primaryKey(autoIncrement: false))
            .column("kid", type: .text, .notNull)
            .column("alg", type: .text, .notNull)
            .column("public_key_pem", type: .text, .notNull)
            .column("created_at", type: .timestamp, .notNull)
            .run()
    }
}
