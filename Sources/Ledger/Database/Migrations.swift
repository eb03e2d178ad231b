import Foundation
import SQLKit

/// One step of the schema, applied once per database, in order of ``version``.
struct Migration: Sendable {
    /// The step's number; the list of steps only ever grows at its end.
    let version: Int64
    /// What the step does, recorded next to its version.
    let name: String
    /// Makes the change, inside the migration's transaction.
    let apply: @Sendable (any SQLDatabase) async throws -> Void

    /// Every step, oldest first.
    static let all: [Migration] = [
        .registry, .receipts, .signingKeys, .fees, .accounts, .reportIndexes, .reportTotals,
        .accountChecks, .transactionKeys, .keyRevocation, .paymentReceipts, .bankAccountChanges, .hookSecretKey,
        .billLinks, .provinces, .deliveries,
    ]
}

/// The row `schema_migrations` keeps per applied step.
private struct AppliedMigration: Codable {
    var version: Int64
}

extension Ledger {
    /// Brings the schema up to date: applies, in one transaction, the steps the database has not
    /// had yet and records each in `schema_migrations`. Safe to call at every start and from
    /// several servers at once: migrators queue on a lock, and a later one finds the work done.
    /// Returns the versions this call applied (empty when the schema was up to date). `upTo`
    /// stops at that version: for tests of a step on data an older schema stored.
    @discardableResult
    public func migrate(upTo last: Int64 = .max) async throws -> [Int64] {
        let backend = self.backend
        let now = self.now()
        let applied = try await backend.transaction(logger: logger) { database in
            try await backend.lockForMigration(database)
            try await database.create(table: "schema_migrations").ifNotExists()
                .column("version", type: .bigint, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull)
                .column("applied_at", type: .timestamp, .notNull)
                .run()
            let done = Set(
                try await database.select().column("version").from("schema_migrations")
                    .all(decoding: AppliedMigration.self).map(\.version)
            )
            var applied: [Int64] = []
            for migration in Migration.all where !done.contains(migration.version) && migration.version <= last {
                try await migration.apply(database)
                try await database.insert(into: "schema_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(now))
                    .run()
                applied.append(migration.version)
            }
            return applied
        }
        if !applied.isEmpty {
            logger.info("schema migrated", metadata: ["versions": "\(applied)"])
        }
        return applied
    }
}
