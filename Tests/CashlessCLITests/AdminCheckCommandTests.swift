import Foundation
import Logging
import ReadBack
import SQLKit
import Testing

@testable import Ledger

@Suite("cashless admin check")
struct AdminCheckCommandTests {
    @Test("lists the stalls stored with an account no VietQR code can carry (exit 1), and nothing once corrected (exit 0)")
    func check() async throws {
        let folder = try ScratchDirectory()
        let environment = ["CASHLESS_DATA_DIR": folder.url.path, "CASHLESS_DATABASE_URL": "sqlite:cashless.sqlite"]
        #expect(try CLI.run("demo", environment: environment).status == 0)
        #expect(try CLI.run("admin", "check", environment: environment).status == 0)

        var logger = Logger(label: "admin-check-test")
        logger.logLevel = .critical
        let url = try DatabaseURL("sqlite:" + folder.url.appendingPathComponent("cashless.sqlite").path)
        let stall = try await Ledger.withLedger(url, logger: logger) { ledger in
            let stall = try #require(try await ledger.listVendors(in: 1, VendorFilter(status: .qrDisplayed)).items.first)
            try await ledger.backend.withDatabase(logger: logger) { database in
                try await database.update("vendors").set("account", to: "0011 0018").where("id", .equal, stall.id).run()
            }
            return stall
        }
        let found = try CLI.run("admin", "check", environment: environment)
        #expect(found.status == 1)
        #expect(
            found.stdout.contains(
                "stall \(stall.stall) (id \(stall.id), qr_displayed): account \(stall.bankBin!) 0011 0018: account: an account number is digits"
            )
        )
        #expect(found.stdout.hasSuffix("1 stall cannot be drawn; they count as surveyed until corrected\n"))

        try await Ledger.withLedger(url, logger: logger) { ledger in
            #expect(try await ledger.stallCounts(market: 1)[.qrDisplayed] == 69, "the demo's 70, less the one that cannot be drawn")
            _ = try await ledger.updateVendor(stall.id, by: "test") { $0.account = "00110018" }
        }
        #expect(try CLI.run("admin", "check", environment: environment).status == 0)
    }
}
