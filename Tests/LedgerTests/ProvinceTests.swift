import Foundation
import Roster
import SQLKit
import Testing

@testable import Ledger

@Suite("Provinces and the kept receipt counts")
struct ProvinceTests {
    @Test(
        "migration 15 makes one province per province name (without case or diacritics) and points each commune at it",
        arguments: TestDatabase.all
    )
    func migration(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await withRunningLedger(url) { ledger in
                #expect(try await ledger.migrate(upTo: 13) == Array(1...13))
                try await ledger.backend.withDatabase(logger: .quiet) { database in
                    for (name, province) in [("Phường Điện Biên", "Thanh Hóa"), ("Xã Quảng Thắng", "thanh hoá"), ("Phường Hàng Bè", "Hà Nội")] {
                        try await database.insert(into: "communes").columns("name", "province", "search", "province_key", "created_at")
                            .values(SQLBind(name), SQLBind(province), SQLBind(searchKey(name)), SQLBind(searchKey(province)), SQLBind(Date()))
                            .run()
                    }
                }
                #expect(try await ledger.migrate().contains(15))
                let provinces = try await ledger.listProvinces().items
                #expect(provinces.map(\.name) == ["Thanh Hóa", "Hà Nội"], "named as the first commune wrote it")
                let communes = try await ledger.listCommunes().items
                #expect(communes.map(\.provinceId) == [provinces[0].id, provinces[0].id, provinces[1].id])
                #expect(try await ledger.communeIds(province: provinces[0].id) == [communes[0].id, communes[1].id])
                // A new commune of the same province, written another way, joins it.
                let new = try await ledger.createCommune(NewCommune(name: "Xã Mới", province: "THANH HOA"))
                #expect(new.provinceId == provinces[0].id && new.province == "THANH HOA")
                #expect(try await ledger.listProvinces().items.count == 2)
            }
        }
    }

    @Test("renaming a commune's province finds or creates the province in the same change", arguments: TestDatabase.all)
    func rename(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa"))
            let renamed = try await ledger.updateCommune(commune.id) { $0.name = "Phường Hạc Thành" }
            #expect(renamed.provinceId == commune.provinceId)
            let moved = try await ledger.updateCommune(commune.id) { $0.province = "Nghệ An" }
            #expect(moved.provinceId != commune.provinceId)
            #expect(try await ledger.commune(commune.id).provinceId == moved.provinceId)
            #expect(try await ledger.province(moved.provinceId).name == "Nghệ An")
            #expect(try await ledger.communeIds(province: commune.provinceId).isEmpty)
            await #expect(throws: LedgerError.notFound(.province, id: 999)) { try await ledger.province(999) }
        }
    }

    @Test("the receipt counts of a database from before migration 15 are filled from the receipts that stand", arguments: TestDatabase.all)
    func countsFilled(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            try await schoolWithReplacedCash(in: ledger, commune: fixture.commune.id)
            let kept = ReceiptCounts(cashless: 3, cash: 0)
            #expect(try await ledger.receiptCounts(commune: fixture.commune.id) == kept)

            // As the column stood when migration 15 added it: 0 everywhere, then filled.
            try await ledger.backend.withDatabase(logger: .quiet) { database in
                try await database.update("unit_fee_totals").set("receipts", to: 0).run()
            }
            #expect(try await ledger.receiptCounts(commune: fixture.commune.id) == ReceiptCounts(cashless: 0, cash: 0))
            try await ledger.backend.withDatabase(logger: .quiet) { database in
                try await Ledger.countStandingReceipts(in: database)
            }
            #expect(try await ledger.receiptCounts(commune: fixture.commune.id) == kept)
            #expect(try await ledger.feeTotals(commune: fixture.commune.id) == FeeTotals(cashless: 230_000, cash: 0), "amounts untouched")
        }
    }
}
