import SQLKit

extension Ledger {
    /// Every unit's webhook secret as stored (sealed, or in plain text from before secrets were
    /// sealed), by ascending unit id; units without one are left out.
    public func storedHookSecrets() async throws -> [StoredHookSecret] {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select()
                .column(SQLColumn("id"), as: "unitId").column(SQLColumn("hook_secret"), as: "stored")
                .from("units").where("hook_secret", .isNot, SQLLiteral.null).orderBy("id")
                .all(decoding: StoredHookSecret.self)
        }
    }

    /// Replaces unit `unitId`'s stored webhook secret `old` by `new`, unless it is no longer `old`
    /// (a new secret was set meanwhile, which is kept); whether it replaced it.
    public func replaceHookSecret(unit unitId: Int64, from old: String, to new: String) async throws -> Bool {
        try await backend.withDatabase(logger: logger) { database in
            try await database.update("units").set("hook_secret", to: new)
                .where("id", .equal, unitId).where("hook_secret", .equal, old)
                .returning("id")
                .first() != nil
        }
    }
}

extension Ledger {
    /// The id of the key webhook secrets are sealed under, as recorded; nil before any is.
    public func hookSecretKeyId() async throws -> String? {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().column("key_id").from("hook_secret_keys").where("id", .equal, Int64(1))
                .first(decodingColumn: "key_id", as: String.self)
        }
    }

    /// Records `keyId` as the key webhook secrets are sealed under unless one is recorded
    /// already, and returns the one recorded: whichever server came first. An insert that does
    /// nothing on a conflict, so servers starting at once agree on one key.
    public func registerHookSecretKey(_ keyId: String) async throws -> String {
        let now = self.now()
        return try await backend.withDatabase(logger: logger) { database in
            try await database.insert(into: "hook_secret_keys")
                .columns("id", "key_id", "created_at")
                .values(SQLBind(Int64(1)), SQLBind(keyId), SQLBind(now))
                .ignoringConflicts(with: ["id"])
                .run()
            let recorded = try await database.select().column("key_id").from("hook_secret_keys").where("id", .equal, Int64(1))
                .first(decodingColumn: "key_id", as: String.self)
            return try expect(recorded, "the webhook secret key just recorded")
        }
    }
}

/// A unit's webhook secret as the database holds it.
public struct StoredHookSecret: Sendable, Hashable, Decodable {
    public var unitId: Int64
    public var stored: String
}
