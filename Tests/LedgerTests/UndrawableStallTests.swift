import Foundation
import Roster
import SQLKit
import Testing

@testable import Ledger

@Suite("Stored accounts no payment code can carry")
struct UndrawableStallTests {
    /// Writes `account` into stall `id` behind the rules' back, as a server before them did.
    func store(account: String, stall id: Int64, _ ledger: Ledger) async throws {
        try await ledger.backend.withDatabase(logger: .quiet) { database in
            try await database.update("vendors").set("account", to: account).where("id", .equal, id).run()
        }
    }

    @Test(
        "migration 8 marks the stalls an older server stored with an account VietQR cannot carry; they stop counting as equipped",
        arguments: TestDatabase.all
    )
    func migration(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await withRunningLedger(url) { ledger in
                #expect(try await ledger.migrate(upTo: 7) == Array(1...7))
                let fixture = try await MarketFixture(beforeProvincesIn: ledger)
                try await ledger.backend.withDatabase(logger: .quiet) { database in
                    for (stall, account) in [("Q1", "0011 0018"), ("Q2", "0011001234567"), ("Q3", String(repeating: "9", count: 29))] {
                        try await database.insert(into: "vendors")
                            .columns(
                                "market_id",
                                "stall",
                                "open_stall_key",
                                "name",
                                "bank_bin",
                                "account",
                                "holder",
                                "status",
                                "search",
                                "created_at"
                            )
                            .values(
                                SQLBind(fixture.market.id),
                                SQLBind(stall),
                                SQLBind(stall),
                                SQLBind("Hoà"),
                                SQLBind("970436"),
                                SQLBind(account),
                                SQLBind("HOA"),
                                SQLBind("qr_displayed"),
                                SQLBind("hoa"),
                                SQLBind(Date())
                            )
                            .run()
                    }
                    try await database.raw(
                        "INSERT INTO market_stall_counts (market_id, status, stalls) VALUES (\(bind: fixture.market.id), 'qr_displayed', 3)"
                    ).run()
                }
                #expect(try await ledger.migrate(upTo: 8) == [8])
                let marked = try await ledger.undrawableStalls(market: fixture.market.id)
                #expect(marked.map(\.stall) == ["Q1", "Q3"])
                #expect(marked[0].reason.hasPrefix("account: an account number is digits"))
                #expect(try await ledger.stallCounts(market: fixture.market.id) == [.surveyed: 2, .hasAccount: 0, .qrIssued: 0, .qrDisplayed: 1])
            }
        }
    }

    @Test("admin check finds one stored since; correcting the account clears it and it counts again", arguments: TestDatabase.all)
    func checkAndCorrect(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let good = try await ledger.createVendor(newStall("Q1", status: .qrDisplayed), in: fixture.market.id, by: "test")
            let bad = try await ledger.createVendor(newStall("Q2", status: .qrDisplayed), in: fixture.market.id, by: "test")
            try await store(account: "0011-0018", stall: bad.id, ledger)
            #expect(try await ledger.stallCounts(market: fixture.market.id)[.qrDisplayed] == 2, "not yet checked")

            let found = try await ledger.checkAccounts()
            #expect(found.map(\.id) == [bad.id])
            #expect(try await ledger.stallCounts(market: fixture.market.id)[.qrDisplayed] == 1)
            #expect(try await ledger.stallCounts(commune: fixture.commune.id)[0].stalls[.qrDisplayed] == 1)

            // A change that keeps the bad account is refused by the rules; one that corrects it clears the mark.
            await #expect(throws: LedgerError.self) {
                try await ledger.updateVendor(bad.id, by: "test") { $0.name = "Trần Thị Bích" }
            }
            _ = try await ledger.updateVendor(bad.id, by: "test") { $0.account = "0011001234568" }
            #expect(try await ledger.undrawableStalls(market: fixture.market.id).isEmpty)
            #expect(try await ledger.stallCounts(market: fixture.market.id)[.qrDisplayed] == 2)
            #expect(try await ledger.checkAccounts().isEmpty)
            #expect(good.status == .qrDisplayed)
        }
    }
}
