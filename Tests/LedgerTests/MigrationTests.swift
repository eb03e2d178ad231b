import SQLKit
import Testing

@testable import Ledger

@Suite("Migrations")
struct MigrationTests {
    @Test("a new database gets every version, once, recorded in schema_migrations", arguments: TestDatabase.all)
    func newDatabase(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await withRunningLedger(url) { ledger in
                let applied = try await ledger.migrate()
                #expect(applied == Migration.all.map(\.version))
                #expect(try await appliedVersions(ledger) == Migration.all.map(\.version))
            }
        }
    }

    @Test("migrating an up-to-date database changes nothing", arguments: TestDatabase.all)
    func idempotent(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let again = try await ledger.migrate()
            #expect(again == [])
            #expect(try await ledger.migrate() == [])
            #expect(try await appliedVersions(ledger) == Migration.all.map(\.version))
        }
    }

    @Test("servers starting at once against one database apply each version exactly once", arguments: TestDatabase.all)
    func concurrentMigrators(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await withRunningLedger(url) { first in
                try await withRunningLedger(url) { second in
                    try await withRunningLedger(url) { third in
                        async let a = first.migrate()
                        async let b = second.migrate()
                        async let c = third.migrate()
                        let applied = try await [a, b, c]
                        #expect(applied.flatMap { $0 }.sorted() == Migration.all.map(\.version))
                        #expect(applied.filter(\.isEmpty).count == 2)
                        #expect(try await appliedVersions(first) == Migration.all.map(\.version))
                        // Every server can use the schema.
                        _ = try await second.createCommune(NewCommune(name: "Phường Điện Biên", province: "Hà Nội"))
                        #expect(try await third.listCommunes().items.count == 1)
                    }
                }
            }
        }
    }
}

/// The versions `schema_migrations` lists, ascending.
private func appliedVersions(_ ledger: Ledger) async throws -> [Int64] {
    try await ledger.backend.withDatabase(logger: .quiet) { database in
        try await database.select().column("version").from("schema_migrations").orderBy("version")
            .all(decodingColumn: "version", as: Int64.self)
    }
}
