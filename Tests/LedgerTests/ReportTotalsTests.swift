import Foundation
import Roster
import SQLKit
import Testing

@testable import Ledger

@Suite("The report's kept totals")
struct ReportTotalsTests {
    @Test(
        "the totals kept by every change equal a recount, and a database that had no totals gets them filled in",
        arguments: TestDatabase.all
    )
    func keptAndFilled(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let market = fixture.market.id
            _ = try await ledger.importStalls(try stallList(surveyCSV(1...30, status: .qrIssued)), into: market, by: "survey")
            _ = try await ledger.importStalls(try stallList(surveyCSV(21...40, status: .qrDisplayed)), into: market, by: "survey")
            let stalls = try await ledger.listVendors(in: market, page: .init(limit: 100)).items
            _ = try await ledger.setStatus(of: stalls[0].id, to: .surveyed, by: "board")
            _ = try await ledger.closeVendor(stalls[1].id, by: "board")
            _ = try await ledger.closeVendor(stalls[39].id, by: "board")
            _ = try await ledger.createVendor(newStall("N1"), in: market, by: "board")
            try await schoolWithReplacedCash(in: ledger, commune: fixture.commune.id)

            let expected: [EquipmentStatus: Int] = [.surveyed: 1, .hasAccount: 1, .qrIssued: 18, .qrDisplayed: 19]
            #expect(try await ledger.stallCounts(market: market) == expected)
            #expect(try await recount(market, ledger) == expected)
            #expect(try await ledger.feeTotals(commune: fixture.commune.id) == FeeTotals(cashless: 230_000, cash: 0))

            // As a database migrated before version 7 was: its totals are made from what it holds.
            try await ledger.backend.withDatabase(logger: .quiet) { database in
                try await database.drop(table: "market_stall_counts").run()
                try await database.drop(table: "unit_fee_totals").run()
                try await database.delete(from: "schema_migrations").where("version", .equal, 7).run()
            }
            #expect(try await ledger.migrate() == [7])
            // …and the receipt counts of migration 15, which came later, beside the amounts.
            try await ledger.backend.withDatabase(logger: .quiet) { database in
                try await database.alter(table: "unit_fee_totals").column("receipts", type: .bigint, .notNull, .default(0)).run()
                try await Ledger.countStandingReceipts(in: database)
            }
            #expect(try await ledger.receiptCounts(commune: fixture.commune.id) == ReceiptCounts(cashless: 3, cash: 0))
            #expect(try await ledger.stallCounts(market: market) == expected)
            #expect(try await ledger.feeTotals(commune: fixture.commune.id) == FeeTotals(cashless: 230_000, cash: 0))
        }
    }

    @Test(
        "fees count in the month they were collected (in Vietnam); a receipt replaced later leaves its month",
        arguments: TestDatabase.all
    )
    func monthlyFees(database: TestDatabase) async throws {
        let clock = TestClock(try Date(iso8601: "2026-01-31T16:30:00Z"))  // 31 January, 23:30 in Vietnam
        try await database.withLedger(clock: clock) { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let school = try await ledger.createUnit(NewCommuneUnit(kind: .school, name: "Trường", communeId: fixture.commune.id))
            let sealing = ReceiptSealing(kid: "0011223344556677", seal: "BL1:X", amountInWords: "—")
            func issue(_ amount: UInt64, _ method: Receipt.Method) async throws -> Receipt {
                try await ledger.issueReceipt(
                    NewReceipt(payerName: "An", feeType: "Học phí", amount: amount, method: method),
                    unitId: school.id,
                    by: "k"
                ) { _ in sealing }.receipt
            }
            let january = try await issue(100_000, .cash)
            clock.set(try Date(iso8601: "2026-01-31T17:30:00Z"))  // 1 February, 00:30 in Vietnam
            _ = try await issue(40_000, .qr)
            // In February the January receipt, paid in cash, is replaced by one paid by QR.
            _ = try await ledger.supersedeReceipt(
                january.id,
                .replace,
                with: NewReceipt(payerName: "An", feeType: "Học phí", amount: 100_000, method: .qr),
                by: "k"
            ) { _ in sealing }
            let months = try await ledger.monthlyFeeTotals(
                commune: fixture.commune.id,
                from: Month(year: 2025, month: 12),
                through: Month(year: 2026, month: 2)
            )
            #expect(months.map(\.month.description) == ["2025-12", "2026-01", "2026-02"])
            #expect(
                months.map(\.totals) == [
                    FeeTotals(cashless: 0, cash: 0), FeeTotals(cashless: 0, cash: 0),
                    FeeTotals(cashless: 140_000, cash: 0),
                ]
            )
            await #expect(throws: LedgerError.notFound(.commune, id: 99)) {
                try await ledger.monthlyFeeTotals(commune: 99, from: Month(year: 2026, month: 1), through: Month(year: 2026, month: 1))
            }
        }
    }

    /// The open stalls of a market by status, counted from the stalls themselves.
    private func recount(_ market: Int64, _ ledger: Ledger) async throws -> [EquipmentStatus: Int] {
        var counts = Dictionary(uniqueKeysWithValues: EquipmentStatus.allCases.map { ($0, 0) })
        var after: Int64?
        repeat {
            let page = try await ledger.listVendors(in: market, VendorFilter(closed: false), page: .init(limit: 500, after: after))
            for stall in page.items { counts[stall.status, default: 0] += 1 }
            after = page.nextCursor
        } while after != nil
        return counts
    }
}
