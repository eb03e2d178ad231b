import Foundation
@testable import Ledger
import Roster
import SQLKit
import Testing

@Suite("The report's kept totals")
struct ReportTotalsTests {
    @Test("the totals kept by every change equal a recount, and a database that had no totals gets them filled in",
          arguments: TestDatabase.all)
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
            let school = try await ledger.createUnit(NewCommuneUnit(kind: .school, name: "Trường", communeId: fixture.commune.id))
            let sealing = ReceiptSealing(kid: "0011223344556677", seal: "BL1:X", amountInWords: "—")
            for (amount, method) in [(100_000, Receipt.Method.qr), (50_000, .cash), (70_000, .transfer)] {
                _ = try await ledger.issueReceipt(NewReceipt(payerName: "An", feeType: "Học phí", amount: UInt64(amount), method: method),
                                                  unitId: school.id, by: "k") { _ in sealing }
            }
            let cash = try #require(try await ledger.listReceipts(unit: school.id).items.first { $0.method == .cash })
            _ = try await ledger.supersedeReceipt(cash.id, .replace,
                                                  with: NewReceipt(payerName: "An", feeType: "Học phí", amount: 60_000, method: .qr),
                                                  by: "k") { _ in sealing }

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
            #expect(try await ledger.stallCounts(market: market) == expected)
            #expect(try await ledger.feeTotals(commune: fixture.commune.id) == FeeTotals(cashless: 230_000, cash: 0))
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
