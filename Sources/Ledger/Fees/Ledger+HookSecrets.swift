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

/// A unit's webhook secret as the database holds it.
public struct StoredHookSecret: Sendable, Hashable, Decodable {
    public var unitId: Int64
    public var stored: String
}
