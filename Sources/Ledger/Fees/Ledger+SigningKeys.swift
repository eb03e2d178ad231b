import Foundation
import Rules
import SQLKit

extension Ledger {
    static let signingKeyColumns = propertyColumns([
        "id", "unit_id", "kid", "alg", "public_key_pem", "status", "valid_from", "valid_to",
    ])

    /// Makes `kid` the active key of unit `unitId`; the key active before it becomes verify-only
    /// from now on. One transaction, so a unit never has two active keys.
    public func addSigningKey(unit unitId: Int64, kid: String, alg: String, publicKeyPem: String) async throws -> IssuerKey {
        let now = self.now()
        return try await backend.transaction(logger: logger) { database in
            _ = try await Self.unit(unitId, in: database, forUpdate: true)
            guard try await database.select().column("id").from("signing_keys").where("kid", .equal, kid).first() == nil else {
                throw LedgerError.conflict(FieldProblem(field: "kid", code: .duplicate, reason: "the key \(kid) is already registered"))
            }
            try await database.update("signing_keys")
                .set("status", to: IssuerKey.Status.verifyOnly.rawValue).set("valid_to", to: now)
                .where("unit_id", .equal, unitId).where("status", .equal, IssuerKey.Status.active.rawValue)
                .run()
            let key = try await database.insert(into: "signing_keys")
                .columns("unit_id", "kid", "alg", "public_key_pem", "status", "valid_from")
                .values(
                    SQLBind(unitId),
                    SQLBind(kid),
                    SQLBind(alg),
                    SQLBind(publicKeyPem),
                    SQLBind(IssuerKey.Status.active.rawValue),
                    SQLBind(now)
                )
                .returning(Self.signingKeyColumns)
                .first(decoding: IssuerKey.self)
            return try expect(key, "the signing key just inserted")
        }
    }

    /// The key unit `unitId` seals with now, if it has one.
    public func activeSigningKey(unit unitId: Int64) async throws -> IssuerKey? {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.signingKeyColumns).from("signing_keys")
                .where("unit_id", .equal, unitId).where("status", .equal, IssuerKey.Status.active.rawValue)
                .first(decoding: IssuerKey.self)
        }
    }

    /// Every key ever registered, oldest first: what the trust list publishes.
    public func signingKeys() async throws -> [IssuerKey] {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.signingKeyColumns).from("signing_keys").orderBy("id")
                .all(decoding: IssuerKey.self)
        }
    }
}
