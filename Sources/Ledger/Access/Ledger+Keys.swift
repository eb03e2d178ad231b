import Crypto
import Foundation
import Rules
import SQLKit

extension Ledger {
    private static let keyColumns = propertyColumns(["id", "role", "scope_id", "created_at", "revoked_at"])

    /// Creates an API key for `role`, limited to a commune (role commune) or a unit (role unit)
    /// given as `scopeId`; an admin key has no scope. The key text is 256 random bits and is
    /// returned only here: the ledger keeps its SHA-256 hash.
    public func createKey(role: APIKey.Role, scopeId: Int64?) async throws -> IssuedKey {
        let secret = Self.newSecret()
        let now = self.now()
        let key = try await backend.withDatabase(logger: logger) { database in
            try await Self.checkScope(role: role, scopeId: scopeId, of: "key", in: database)
            let key = try await database.insert(into: "api_keys")
                .columns("role", "scope_id", "secret_hash", "created_at")
                .values(SQLBind(role.rawValue), SQLBind(scopeId), SQLBind(Self.hash(secret)), SQLBind(now))
                .returning(Self.keyColumns)
                .first(decoding: APIKey.self)
            return try expect(key, "the key just inserted")
        }
        logger.info("API key created", metadata: ["id": "\(key.id)", "role": "\(role.rawValue)"])
        return IssuedKey(key: key, secret: secret)
    }

    /// The key whose text is `secret`, unless there is none or it has been revoked.
    /// A key read in the last few seconds is not read again (``RecentKeys``): one revoked through
    /// another server sharing the database stops working here within ``RecentKeys/freshness``.
    public func activeKey(secret: String) async throws -> APIKey? {
        let hash = Self.hash(secret)
        if let recent = recentKeys.key(hash: hash) { return recent }
        let generation = recentKeys.generation
        let key = try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.keyColumns).from("api_keys")
                .where("secret_hash", .equal, hash).where("revoked_at", .is, SQLLiteral.null)
                .first(decoding: APIKey.self)
        }
        if let key { recentKeys.keep(key, hash: hash, readSince: generation) }
        return key
    }

    /// The key with `id`, revoked or not.
    public func key(_ id: Int64) async throws -> APIKey {
        try await backend.withDatabase(logger: logger) { database in
            try await Self.key(id, database, forUpdate: false)
        }
    }

    /// The keys `filter` selects, one page at a time by ascending id.
    public func listKeys(_ filter: APIKeyFilter = .init(), page: PageRequest = .init()) async throws -> Page<APIKey> {
        try page.check()
        return try await backend.withDatabase(logger: logger) { database in
            let query = database.select().columns(Self.keyColumns).from("api_keys")
            if let role = filter.role { query.where("role", .equal, role.rawValue) }
            if let scopeId = filter.scopeId { query.where("scope_id", .equal, scopeId) }
            switch filter.revoked {
            case true?: query.where("revoked_at", .isNot, SQLLiteral.null)
            case false?: query.where("revoked_at", .is, SQLLiteral.null)
            case nil: break
            }
            return try await query.page(page, decoding: APIKey.self)
        }
    }

    /// Revokes a key for good; revoking a revoked key changes nothing.
    public func revokeKey(_ id: Int64) async throws -> APIKey {
        let now = self.now()
        let key = try await backend.transaction(logger: logger) { database in
            let stored = try await Self.key(id, database, forUpdate: true)
            guard stored.revokedAt == nil else { return stored }
            try await database.update("api_keys").set("revoked_at", to: now).where("id", .equal, id).run()
            return try await Self.key(id, database, forUpdate: false)
        }
        recentKeys.forget(keyId: id)
        logger.info("API key revoked", metadata: ["id": "\(id)"])
        return key
    }

    private static func key(_ id: Int64, _ database: any SQLDatabase, forUpdate: Bool) async throws -> APIKey {
        let query = database.select().columns(keyColumns).from("api_keys").where("id", .equal, id)
        if forUpdate { query.for(.update) }
        guard let key = try await query.first(decoding: APIKey.self) else {
            throw LedgerError.notFound(.apiKey, id: id)
        }
        return key
    }

    /// `csk_` and 32 bytes from the system's secure random source, base64url without padding.
    private static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64url = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "csk_" + base64url
    }

    /// The SHA-256 of the key text, in lowercase hex: what the ledger stores and looks keys up by.
    private static func hash(_ secret: String) -> String {
        Hex.encode(SHA256.hash(data: Data(secret.utf8)))
    }
}

/// Which API keys a list holds.
public struct APIKeyFilter: Sendable, Hashable {
    /// Only keys of this role.
    public var role: APIKey.Role?
    /// Only keys limited to this commune or unit id (give the role too: a commune and a unit may share an id).
    public var scopeId: Int64?
    /// `false`: keys in use only; `true`: revoked keys only; `nil`: both.
    public var revoked: Bool?

    /// The keys matching every given condition; by default the keys in use.
    public init(role: APIKey.Role? = nil, scopeId: Int64? = nil, revoked: Bool? = false) {
        self.role = role
        self.scopeId = scopeId
        self.revoked = revoked
    }
}
