import Foundation
import SQLKit

/// The public half of a deployment's root key, as the ledger records it.
public struct RootKeyRecord: Sendable, Hashable, Codable {
    /// 16 hex digits, as a unit key's.
    public var kid: String
    public var alg: String
    public var publicKeyPem: String
    public var createdAt: Date
}

extension Ledger {
    /// Records `kid` as the deployment's root key unless one is recorded already, and returns the
    /// one recorded: whichever server (or command) came first. An insert that does nothing on a
    /// conflict, so servers starting at once agree on one root.
    public func registerRootKey(kid: String, alg: String, publicKeyPem: String) async throws -> RootKeyRecord {
        let now = self.now()
        return try await backend.withDatabase(logger: logger) { database in
            try await database.insert(into: "root_keys")
                .columns("id", "kid", "alg", "public_key_pem", "created_at")
                .values(SQLBind(Int64(1)), SQLBind(kid), SQLBind(alg), SQLBind(publicKeyPem), SQLBind(now))
                .ignoringConflicts(with: ["id"])
                .run()
            let record = try await database.select()
                .columns(propertyColumns(["kid", "alg", "public_key_pem", "created_at"]))
                .from("root_keys").where("id", .equal, Int64(1))
                .first(decoding: RootKeyRecord.self)
            return try expect(record, "the root key just recorded")
        }
    }
}
