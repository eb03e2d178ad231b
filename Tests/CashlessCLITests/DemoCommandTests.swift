import Foundation
import Ledger
import Logging
import ReadBack
import Receipts
import Testing

@Suite("cashless demo")
struct DemoCommandTests {
    @Test("the demo commune has its market's stalls, a school and a clinic with keys, bills and sealed receipts; run twice, it adds nothing")
    func demo() async throws {
        let folder = try ScratchDirectory()
        let environment = ["CASHLESS_DATA_DIR": folder.url.path, "CASHLESS_DATABASE_URL": "sqlite:cashless.sqlite"]
        for _ in 1...2 {
            let run = try CLI.run("demo", environment: environment)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("Trường Tiểu học Điện Biên: 12 bills, 3 receipts"))
        }
        let export = try CLI.run("trust-list", "export", environment: environment)
        let trust = try TrustList.read(Array(export.stdout.utf8))
        #expect(trust.keys.map(\.unitName) == ["Trường Tiểu học Điện Biên", "Trạm Y tế phường Điện Biên"])
        var logger = Logger(label: "demo-test")
        logger.logLevel = .critical
        try await Ledger.withLedger(try DatabaseURL("sqlite:" + folder.url.appendingPathComponent("cashless.sqlite").path), logger: logger) {
            ledger in
            #expect(try await ledger.stallCounts(market: 1).values.reduce(0, +) == 100)
            let receipts = try await ledger.listReceipts(unit: 2).items
            #expect(receipts.map(\.number) == [1, 2, 3])
            #expect(try await ledger.listBills(unit: 2).items.count == 12)
            #expect(try await ledger.listBills(unit: 3).items.count == 3)
            let verifier = SealVerifier(trustList: trust)
            #expect(receipts.allSatisfy { verifier.verify($0.seal).verdict == .valid })
            #expect(try await ledger.feeTotals(commune: 1) == FeeTotals(cashless: 2_535_000, cash: 1_285_000))
        }
    }
}
