import Foundation
import Rules
import SQLKit

extension Ledger {
    /// The user with `id`, enabled or disabled.
    public func user(_ id: Int64) async throws -> User {
        try await backend.withDatabase(logger: logger) { database in
            try await Self.user(id, in: database, forUpdate: false)
        }
    }

    /// The user who signs in as `username` (any case), enabled or disabled.
    public func user(named username: String) async throws -> User? {
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        return try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.userColumns).from("users").where("username", .equal, name)
                .first(decoding: User.self)
        }
    }

    /// Disables user `id`: every session of theirs ends at once (sessions are in the database, so on
    /// every server), and their sign-ins are refused as a wrong password is. Disabling a disabled
    /// user changes nothing.
    public func disableUser(_ id: Int64) async throws -> User {
        let now = self.now()
        return try await backend.transaction(logger: logger) { database in
            let user = try await Self.user(id, in: database, forUpdate: true)
            try await database.delete(from: "sessions").where("user_id", .equal, id).run()
            guard user.disabledAt == nil else { return user }
            try await database.update("users").set("disabled_at", to: now).where("id", .equal, id).run()
            return try await Self.user(id, in: database, forUpdate: false)
        }
    }

    /// Lets a disabled user sign in again, with a clean count of failed sign-ins.
    public func enableUser(_ id: Int64) async throws -> User {
        try await backend.transaction(logger: logger) { database in
            _ = try await Self.user(id, in: database, forUpdate: true)
            try await database.update("users").set("disabled_at", to: SQLLiteral.null)
                .set("failed_logins", to: Int64(0)).set("locked_until", to: SQLLiteral.null)
                .where("id", .equal, id).run()
            return try await Self.user(id, in: database, forUpdate: false)
        }
    }

    /// Gives user `id` a new password (`passwordHash`, made by the caller): the old one stops
    /// working, every session of theirs ends, and a lockout is lifted. A disabled user stays disabled.
    public func resetPassword(of id: Int64, passwordHash: String) async throws -> User {
        try await backend.transaction(logger: logger) { database in
            _ = try await Self.user(id, in: database, forUpdate: true)
            try await database.update("users").set("password_hash", to: passwordHash)
                .set("failed_logins", to: Int64(0)).set("locked_until", to: SQLLiteral.null)
                .where("id", .equal, id).run()
            try await database.delete(from: "sessions").where("user_id", .equal, id).run()
            return try await Self.user(id, in: database, forUpdate: false)
        }
    }

    /// Deletes the sessions that expired: done at every sign-in, and by ``pruneSessions()``; returns how many.
    @discardableResult
    public func pruneSessions() async throws -> Int {
        let now = self.now()
        return try await backend.withDatabase(logger: logger) { database in
            try await Self.pruneSessions(before: now, in: database)
        }
    }

    /// Deletes the sessions that expired by `now`; returns how many.
    @discardableResult
    static func pruneSessions(before now: Date, in database: any SQLDatabase) async throws -> Int {
        try await database.delete(from: "sessions").where("expires_at", .lessThanOrEqual, SQLBind(now))
            .returning("id").all().count
    }

    /// How many sessions of user `id` are stored, expired or not (for tests of pruning).
    func storedSessionCount(of id: Int64) async throws -> Int {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().column("id").from("sessions").where("user_id", .equal, id).all().count
        }
    }

    static func user(_ id: Int64, in database: any SQLDatabase, forUpdate: Bool) async throws -> User {
        let query = database.select().columns(userColumns).from("users").where("id", .equal, id)
        if forUpdate { query.for(.update) }
        guard let user = try await query.first(decoding: User.self) else { throw LedgerError.notFound(.user, id: id) }
        return user
    }
}
