import SQLKit
import Testing

@testable import Ledger

@Suite("Transactions")
struct TransactionTests {
    private struct Refused: Error {}

    @Test("a transaction whose body throws leaves nothing behind", arguments: TestDatabase.all)
    func rollsBackOnError(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            await #expect(throws: Refused.self) {
                try await ledger.backend.transaction(logger: .quiet) { database in
                    try await database.insert(into: "communes")
                        .columns("name", "province", "search", "province_key", "created_at")
                        .values(SQLBind("Xã A"), SQLBind("Hà Nội"), SQLBind("xa a"), SQLBind("ha noi"), SQLBind(ledger.now()))
                        .run()
                    throw Refused()
                }
            }
            let communes = try await ledger.listCommunes().items
            #expect(communes.isEmpty)
        }
    }

    @Test("a transaction that is not to be committed (a dry run) leaves nothing behind", arguments: TestDatabase.all)
    func rollsBackDryRun(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let inserted = try await ledger.backend.transaction(logger: .quiet, commit: false) { database in
                try await database.insert(into: "communes")
                    .columns("name", "province", "search", "province_key", "created_at")
                    .values(SQLBind("Xã A"), SQLBind("Hà Nội"), SQLBind("xa a"), SQLBind("ha noi"), SQLBind(ledger.now()))
                    .run()
                return try await database.select().column("id").from("communes").all().count
            }
            #expect(inserted == 1)
            #expect(try await ledger.listCommunes().items.isEmpty)
        }
    }

    @Test(
        "a transaction cut short by its task's cancellation is rolled back, and the database stays usable",
        arguments: TestDatabase.all
    )
    func cancelled(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let task = Task {
                try await ledger.backend.transaction(logger: .quiet) { database in
                    try await database.insert(into: "communes")
                        .columns("name", "province", "search", "province_key", "created_at")
                        .values(SQLBind("Xã A"), SQLBind("Hà Nội"), SQLBind("xa a"), SQLBind("ha noi"), SQLBind(ledger.now()))
                        .run()
                    withUnsafeCurrentTask { $0?.cancel() }
                    try Task.checkCancellation()
                }
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            // A connection left inside the transaction would refuse the next BEGIN, or show the row.
            let commune = try await ledger.createCommune(NewCommune(name: "Xã B", province: "Hà Nội"))
            #expect(try await ledger.listCommunes().items == [commune])
        }
    }
}
