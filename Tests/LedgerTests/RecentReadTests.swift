import Foundation
import Ledger
import Testing

@Suite("Reads kept for a few seconds")
struct RecentReadTests {
    @Test(
        "a stall changed through this ledger reads new at once; through another server within a few seconds",
        arguments: TestDatabase.all
    )
    func recentStall(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await Ledger.withLedger(url, logger: .quiet) { first in
                try await Ledger.withLedger(url, logger: .quiet) { second in
                    let fixture = try await MarketFixture(in: first)
                    let stall = try await first.createVendor(newStall("A1"), in: fixture.market.id, by: "board")
                    #expect(try await first.recentVendor(stall.id).account == "0011001234567")
                    #expect(try await second.recentVendor(stall.id).account == "0011001234567")

                    _ = try await first.updateVendor(stall.id, by: "board") { $0.account = "0011009999999" }
                    #expect(try await first.recentVendor(stall.id).account == "0011009999999")
                    // The other server still draws what it read a moment ago, but not for long.
                    #expect(try await second.vendor(stall.id).account == "0011009999999")
                    try await Task.sleep(for: .seconds(5.5))
                    #expect(try await second.recentVendor(stall.id).account == "0011009999999")

                    _ = try await first.importStalls(
                        try stallList(
                            """
                            stall,name,bank,account,holder
                            A1,Nguyễn Thị Hoà,VCB,0011001111111,NGUYEN THI HOA
                            """
                        ),
                        into: fixture.market.id,
                        by: "survey"
                    )
                    #expect(try await first.recentVendor(stall.id).account == "0011001111111")
                }
            }
        }
    }
}
