import Foundation
import Rules
import SQLKit

extension Ledger {
    static let signingKeyColumns = propertyColumns([
        "id", "unit_id", "kid", "alg", "public_key_pem", "status", "valid_from", "valid_to", "revoked_at", "revocation_reason", "revoked_by",
    ])

    /// Makes `kid` the active key of unit `unitId`; the key active before it becomes verify-only
    /// from now on. One transaction, so a unit never has two active keys. The time is taken once
    /// the active key's row is locked: a receipt being sealed with it meanwhile (which holds that
    /// row shared, ``issuer(_:in:)``) is dated before the key stops, never after.
    public func addSigningKey(unit unitId: Int64, kid: String, alg: String, publicKeyPem: String) async throws -> IssuerKey {
        try await backend.transaction(logger: logger) { database in
            _ = try await Self.unit(unitId, in: database, forUpdate: true)
            guard try await database.select().column("id").from("signing_keys").where("kid", .equal, kid).first() == nil else {
                throw LedgerError.conflict(FieldProblem(field: "kid", code: .duplicate, reason: "the key \(kid) is already registered"))
            }
            _ = try await database.select().column("id").from("signing_keys")
                .where("unit_id", .equal, unitId).where("status", .equal, IssuerKey.Status.active.rawValue)
                .for(.update).all()
            let now = self.now()
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

    /// The key `kid` (16 hex digits, any case), if registered.
    public func signingKey(kid: String) async throws -> IssuerKey? {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.signingKeyColumns).from("signing_keys")
                .where("kid", .equal, kid.lowercased())
                .first(decoding: IssuerKey.self)
        }
    }

    /// Every key ever registered (with `kid`, only the keys of that id), oldest first: what the
    /// trust list publishes. Read from the database at every call (no cache), so a revocation
    /// recorded through any server counts at once.
    public func signingKeys(kid: String? = nil) async throws -> [IssuerKey] {
        try await backend.withDatabase(logger: logger) { database in
            let query = database.select().columns(Self.signingKeyColumns).from("signing_keys")
            if let kid { query.where("kid", .equal, kid.lowercased()) }
            return try await query.orderBy("id").all(decoding: IssuerKey.self)
        }
    }

    /// What changes whenever the trust list would: how many keys there are, the newest, how many
    /// stopped sealing and how many were revoked (a key is only ever added, ended or revoked).
    /// One aggregate over the keys, far cheaper than reading them with their units.
    public func signingKeysFingerprint() async throws -> String {
        try await backend.withDatabase(logger: logger) { database in
            let row = try await database.select()
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "keys")
                .column(SQLFunction("MAX", args: SQLColumn("id")), as: "newest")
                .column(SQLFunction("COUNT", args: SQLColumn("valid_to")), as: "ended")
                .column(SQLFunction("COUNT", args: SQLColumn("revoked_at")), as: "revoked")
                .from("signing_keys").first()
            func number(_ column: String) -> Int64 { (try? row?.decode(column: column, as: Int64?.self)) ?? 0 }
            return "\(number("keys"))-\(number("newest"))-\(number("ended"))-\(number("revoked"))"
        }
    }
}
