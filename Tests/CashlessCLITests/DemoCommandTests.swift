import Foundation
import Ledger
import Logging
import ReadBack
import Receipts
import Testing
import VietnamCalendar

@Suite("cashless demo")
struct DemoCommandTests {
    @Test(
        "the demo province: five communes, Chợ Điện Biên with 70 of 100 stalls displaying, a year of history that rises, bills with payer's links paid and unpaid, sealed receipts that verify"
    )
    func demo() async throws {
        let folder = try ScratchDirectory()
        let environment = ["CASHLESS_DATA_DIR": folder.url.path, "CASHLESS_DATABASE_URL": "sqlite:cashless.sqlite"]
        let run = try CLI.run("demo", environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("demo: ") && run.stdout.contains("(12/12)"), "it says which month it loads")
        let export = try CLI.run("trust-list", "export", environment: environment)
        let trust = try TrustList.read(Array(export.stdout.utf8))
        #expect(trust.keys.count == 10, "a key for each school and clinic")
        var logger = Logger(label: "demo-test")
        logger.logLevel = .critical
        try await Ledger.withLedger(try DatabaseURL("sqlite:" + folder.url.appendingPathComponent("cashless.sqlite").path), logger: logger) {
            ledger in
            let communes = try await ledger.listCommunes(CommuneFilter(province: "Thanh Hóa")).items
            #expect(communes.count == 5 && communes[0].name == "Phường Điện Biên")
            let units = try await ledger.listUnits(CommuneUnitFilter(communeId: communes[0].id)).items
            let market = try #require(units.first { $0.name == "Chợ Điện Biên" })
            let counts = try await ledger.stallCounts(market: market.id)
            #expect(counts.values.reduce(0, +) == 100 && counts[.qrDisplayed] == 70)

            let months = Self.months()
            let history = try await ledger.monthlyStallCounts(commune: communes[0].id, from: months.first!, through: months.last!, timeZone: .vietnam)
            let displaying = history.map { $0.markets.first?.stalls[.qrDisplayed] ?? 0 }
            #expect(displaying.count == 12 && displaying.first! < 25 && displaying.last! == 70, "\(displaying)")
            #expect(zip(displaying, displaying.dropFirst()).allSatisfy { $0 <= $1 }, "the share only rises: \(displaying)")
            let fees = try await ledger.monthlyFeeTotals(commune: communes[0].id, from: months.first!, through: months.last!)
            #expect(fees.count == 12 && fees.allSatisfy { $0.totals.total > 0 }, "fees collected every month")
            let share = { (totals: FeeTotals) in Double(totals.cashless) / Double(totals.total) }
            #expect(share(fees.first!.totals) < share(fees.last!.totals), "more without cash at the end of the year")

            let school = try #require(units.first { $0.kind == .school })
            let bills = try await ledger.listBills(unit: school.id).items
            #expect(bills.count == 12 && bills.allSatisfy { $0.payToken != nil })
            #expect(bills.filter { $0.status == .paid }.count == 7 && bills.contains { $0.payerEmail != nil })
            let receipts = try await Page.all { try await ledger.listReceipts(unit: school.id, page: $0) }
            #expect(receipts.count == 12 * 5 + 7)
            let verifier = SealVerifier(trustList: trust)
            #expect(receipts.allSatisfy { verifier.verify($0.seal).verdict == .valid })
        }
    }

    /// The twelve months up to this one.
    static func months() -> [Month] {
        let today = Calendar.vietnam.dateComponents([.year, .month], from: Date())
        var month = Month(year: today.year!, month: today.month!)
        var months = [month]
        for _ in 1..<12 {
            month = month.month == 1 ? Month(year: month.year - 1, month: 12) : Month(year: month.year, month: month.month - 1)
            months.insert(month, at: 0)
        }
        return months
    }
}
