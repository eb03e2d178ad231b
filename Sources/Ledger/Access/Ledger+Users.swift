import Foundation
import Rules
import SQLKit

extension Ledger {
    static let userColumns = propertyColumns([
        "id", "username", "display_name", "role", "scope_id", "created_at", "locked_until", "disabled_at",
    ])

    /// Failed sign-ins in a row that lock a user out, and for how long.
    public static let lockout = (failures: 5, duration: TimeInterval(15 * 60))

    /// Creates a user whose password hash is `passwordHash` (made by the caller; never the password).
    public func createUser(_ new: NewUser, passwordHash: String) async throws -> User {
        var check = FieldChecker()
        let username = check.required(new.username, "username", limit: 60).lowercased()
        if !username.isEmpty,
            !username.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0) })
        {
            check.problem("username", "takes lowercase letters without diacritics, digits, '.', '-' and '_' ('\(username)')")
        }
        let displayName = check.required(new.displayName, "displayName")
        try check.finish()
        let now = self.now()
        return try await backend.withDatabase(logger: logger) { database in
            try await Self.checkScope(role: new.role, scopeId: new.scopeId, of: "user", in: database)
            if try await database.select().column("id").from("users").where("username", .equal, username).first() != nil {
                throw LedgerError.conflict(FieldProblem(field: "username", code: .duplicate, reason: "'\(username)' is taken"))
            }
            let user = try await database.insert(into: "users")
                .columns("username", "display_name", "password_hash", "role", "scope_id", "failed_logins", "created_at")
                .values(
                    SQLBind(username),
                    SQLBind(displayName),
                    SQLBind(passwordHash),
                    SQLBind(new.role.rawValue),
                    SQLBind(new.scopeId),
                    SQLBind(Int64(0)),
                    SQLBind(now)
                )
                .returning(Self.userColumns)
                .first(decoding: User.self)
            return try expect(user, "the user just inserted")
        }
    }

    /// A sign-in as `username`: `matches` checks the password against the stored hash (outside
    /// any transaction: it is slow on purpose). A match opens a session of `lifetime` with the
    /// form token `csrfToken` and clears the failures; a miss counts one, and the fifth in a row
    /// locks the user out for 15 minutes, during which even the right password is refused. An
    /// unknown username is checked against `decoy`, so that it takes as long as a known one's miss
    /// (no one learns which usernames exist from the time an answer takes).
    public func signIn(
        username: String,
        token tokenHash: String,
        csrfToken: String,
        lifetime: TimeInterval,
        decoy: String = "",
        matches: @Sendable (String) async throws -> Bool
    ) async throws -> SignIn {
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        let found = try await backend.withDatabase(logger: logger) { database in
            try await Self.userRow(name, in: database, forUpdate: false)
        }
        guard let found else {
            _ = try await matches(decoy)
            return .refused
        }
        if let until = found.lockedUntil, until > now() { return .locked(until: until) }
        let matched = try await matches(found.passwordHash)
        let now = self.now()
        return try await backend.transaction(logger: logger) { database in
            guard let row = try await Self.userRow(name, in: database, forUpdate: true) else { return .refused }
            if let until = row.lockedUntil, until > now { return .locked(until: until) }
            guard matched, row.passwordHash == found.passwordHash else {
                // A lockout that has run out starts the count again, and the next five misses lock again.
                let failures = (row.lockedUntil == nil ? row.failedLogins : 0) + 1
                let locked = failures >= Self.lockout.failures ? now.addingTimeInterval(Self.lockout.duration) : nil
                try await database.update("users").set("failed_logins", to: locked == nil ? failures : 0)
                    .set("locked_until", to: locked.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                    .where("id", .equal, row.id).run()
                return locked.map { .locked(until: $0) } ?? .refused
            }
            try await database.update("users").set("failed_logins", to: Int64(0)).set("locked_until", to: SQLLiteral.null)
                .where("id", .equal, row.id).run()
            let expires = now.addingTimeInterval(lifetime)
            try await database.insert(into: "sessions")
                .columns("token_hash", "user_id", "csrf_token", "created_at", "expires_at")
                .values(SQLBind(tokenHash), SQLBind(row.id), SQLBind(csrfToken), SQLBind(now), SQLBind(expires))
                .run()
            try await Self.pruneSessions(before: now, in: database)
            return .signedIn(UserSession(user: row.user(lockedUntil: nil), csrfToken: csrfToken, expiresAt: expires))
        }
    }

    private static func userRow(_ username: String, in database: any SQLDatabase, forUpdate: Bool) async throws -> UserRow? {
        let query = database.select().columns(userColumns + propertyColumns(["password_hash", "failed_logins"]))
            .from("users").where("username", .equal, username).where("disabled_at", .is, SQLLiteral.null)
        if forUpdate { query.for(.update) }
        return try await query.first(decoding: UserRow.self)
    }

    /// The session whose token hashes to `tokenHash`, unless it has expired or its user was disabled.
    public func session(token tokenHash: String) async throws -> UserSession? {
        let now = self.now()
        return try await backend.withDatabase(logger: logger) { database in
            guard
                let row = try await database.select()
                    .column(SQLColumn("id", table: "users"), as: "id")
                    .column(SQLColumn("username", table: "users"), as: "username")
                    .column(SQLColumn("display_name", table: "users"), as: "displayName")
                    .column(SQLColumn("role", table: "users"), as: "role")
                    .column(SQLColumn("scope_id", table: "users"), as: "scopeId")
                    .column(SQLColumn("created_at", table: "users"), as: "createdAt")
                    .column(SQLColumn("locked_until", table: "users"), as: "lockedUntil")
                    .column(SQLColumn("csrf_token", table: "sessions"), as: "csrfToken")
                    .column(SQLColumn("expires_at", table: "sessions"), as: "expiresAt")
                    .from("sessions")
                    .join("users", on: SQLColumn("user_id", table: "sessions"), .equal, SQLColumn("id", table: "users"))
                    .where(SQLColumn("token_hash", table: "sessions"), .equal, SQLBind(tokenHash))
                    .where(SQLColumn("expires_at", table: "sessions"), .greaterThan, SQLBind(now))
                    .where(SQLColumn("disabled_at", table: "users"), .is, SQLLiteral.null)
                    .first(decoding: SessionRow.self)
            else { return nil }
            return UserSession(user: row.user, csrfToken: row.csrfToken, expiresAt: row.expiresAt)
        }
    }

    /// Ends the session whose token hashes to `tokenHash` (signing out).
    public func endSession(token tokenHash: String) async throws {
        try await backend.withDatabase(logger: logger) { database in
            try await database.delete(from: "sessions").where("token_hash", .equal, tokenHash).run()
        }
    }

    /// Every user, one page at a time by ascending id.
    public func listUsers(page: PageRequest = .init()) async throws -> Page<User> {
        try page.check()
        return try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.userColumns).from("users").page(page, decoding: User.self)
        }
    }

    /// Refuses a role and scope that do not go together, or a scope that does not exist, for a
    /// `holder` ("key" or "user").
    static func checkScope(role: APIKey.Role, scopeId: Int64?, of holder: String, in database: any SQLDatabase) async throws {
        switch (role, scopeId) {
        case (.admin, let scope?):
            throw LedgerError.invalid([FieldProblem(field: "scopeId", reason: "an admin \(holder) has no scope, but \(scope) was given")])
        case (.commune, nil), (.unit, nil), (.province, nil):
            throw LedgerError.invalid([
                FieldProblem(field: "scopeId", reason: "a \(role.rawValue) \(holder) needs the \(role.rawValue) it is limited to")
            ])
        case (_, let scopeId?):
            let table =
                switch role {
                case .commune: "communes"
                case .province: "provinces"
                case .unit, .admin: "units"
                }
            guard try await database.select().column("id").from(table).where("id", .equal, scopeId).first() != nil else {
                throw LedgerError.invalidReference(
                    FieldProblem(field: "scopeId", code: .unknownReference, reason: "there is no \(role.rawValue) \(scopeId)")
                )
            }
        case (.admin, nil):
            break
        }
    }
}

/// A `users` row with its password hash and failure count: the user is decoded from the same
/// row (``User`` is Decodable by its columns' aliases).
private struct UserRow: Decodable {
    var user: User
    var passwordHash: String
    var failedLogins: Int64

    var id: Int64 { user.id }
    var lockedUntil: Date? { user.lockedUntil }

    private enum CodingKeys: String, CodingKey { case passwordHash, failedLogins }

    init(from decoder: any Decoder) throws {
        user = try User(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        passwordHash = try container.decode(String.self, forKey: .passwordHash)
        failedLogins = try container.decode(Int64.self, forKey: .failedLogins)
    }

    func user(lockedUntil: Date?) -> User {
        User(
            id: user.id,
            username: user.username,
            displayName: user.displayName,
            role: user.role,
            scopeId: user.scopeId,
            createdAt: user.createdAt,
            lockedUntil: lockedUntil
        )
    }
}

/// A session row joined with its user, decoded from the same row.
private struct SessionRow: Decodable {
    var user: User
    var csrfToken: String
    var expiresAt: Date

    private enum CodingKeys: String, CodingKey { case csrfToken, expiresAt }

    init(from decoder: any Decoder) throws {
        user = try User(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        csrfToken = try container.decode(String.self, forKey: .csrfToken)
        expiresAt = try container.decode(Date.self, forKey: .expiresAt)
    }
}
