import Foundation
import SQLKit
import Testing

@testable import Ledger

@Suite("Bank account changes: kept for the commune")
struct BankAccountChangeTests {
    @Test("a unit's account changed is kept with who, when, before and after; other changes are not", arguments: TestDatabase.all)
    func unit(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa"))
            let school = try await ledger.createUnit(
                NewCommuneUnit(
                    kind: .school,
                    name: "Trường Tiểu học Điện Biên",
                    communeId: commune.id,
                    bankBin: "970436",
                    bankAccount: "0011001234567",
                    bankHolder: "TRUONG TIEU HOC DIEN BIEN"
                )
            )
            _ = try await ledger.updateUnit(school.id, by: "key:2") { $0.address = "12 Lê Lợi" }
            #expect(try await ledger.bankAccountChanges(commune: commune.id).items.isEmpty, "the address is not an account")
            clock.advance(by: 60)
            _ = try await ledger.updateUnit(school.id, by: "user:hoa.nt") {
                $0.bankBin = "970415"
                $0.bankAccount = "113000999999"
                $0.bankHolder = "NGUYEN VAN A"
            }
            let changes = try await ledger.bankAccountChanges(commune: commune.id).items
            #expect(changes.count == 1)
            let change = try #require(changes.first)
            #expect(change.unitId == school.id && change.vendorId == nil && change.changedBy == "user:hoa.nt")
            #expect(change.changedAt == clock.now())
            #expect(change.oldBankBin == "970436" && change.oldAccount == "0011001234567" && change.oldHolder == "TRUONG TIEU HOC DIEN BIEN")
            #expect(change.newBankBin == "970415" && change.newAccount == "113000999999" && change.newHolder == "NGUYEN VAN A")

            let other = try await ledger.createCommune(NewCommune(name: "Phường Nam Ngạn", province: "Thanh Hóa"))
            #expect(try await ledger.bankAccountChanges(commune: other.id).items.isEmpty)
            await #expect(throws: LedgerError.notFound(.commune, id: 99)) { try await ledger.bankAccountChanges(commune: 99) }
        }
    }

    @Test("a stall's account changed one by one or by an import is kept; an import that changes no account adds nothing", arguments: TestDatabase.all)
    func stalls(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let vendor = try await ledger.createVendor(newStall("Q12"), in: fixture.market.id, by: "key:1")
            _ = try await ledger.updateVendor(vendor.id, by: "user:ban.quan.ly") { $0.name = "Nguyễn Thị Hoa" }
            _ = try await ledger.updateVendor(vendor.id, by: "user:ban.quan.ly") { $0.account = "0011007654321" }
            _ = try await ledger.importStalls(try stallList(surveyCSV(1...3)), into: fixture.market.id, by: "import 1")
            _ = try await ledger.importStalls(try stallList(surveyCSV(1...3)), into: fixture.market.id, by: "import 2")
            let changed = surveyCSV(1...3).replacingOccurrences(of: "1000000002", with: "1000000999")
            _ = try await ledger.importStalls(try stallList(changed), into: fixture.market.id, by: "import 3")

            let changes = try await ledger.bankAccountChanges(commune: fixture.commune.id).items
            #expect(changes.map(\.changedBy) == ["user:ban.quan.ly", "import 3"])
            #expect(changes[0].vendorId == vendor.id && changes[0].stall == "Q12" && changes[0].unitId == fixture.market.id)
            #expect(changes[0].oldAccount == "0011001234567" && changes[0].newAccount == "0011007654321")
            #expect(changes[1].stall == "A2" && changes[1].oldAccount == "1000000002" && changes[1].newAccount == "1000000999")
            #expect(changes[1].oldBankBin == changes[1].newBankBin && changes[1].oldHolder == changes[1].newHolder)
            let ofMarket = try await ledger.bankAccountChanges(commune: fixture.commune.id, BankAccountChangeFilter(unitId: fixture.market.id))
            #expect(ofMarket.items.count == 2)
        }
    }

    @Test("the database refuses to change or delete an entry", arguments: TestDatabase.all)
    func appendOnly(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let vendor = try await ledger.createVendor(newStall("Q12"), in: fixture.market.id, by: "key:1")
            _ = try await ledger.updateVendor(vendor.id, by: "key:1") { $0.account = "0011007654321" }
            await #expect(throws: (any Error).self) {
                try await ledger.backend.withDatabase(logger: ledger.logger) { database in
                    try await database.update("bank_account_changes").set("new_account", to: "9999999999").run()
                }
            }
            await #expect(throws: (any Error).self) {
                try await ledger.backend.withDatabase(logger: ledger.logger) { database in
                    try await database.delete(from: "bank_account_changes").run()
                }
            }
            let kept = try await ledger.bankAccountChanges(commune: fixture.commune.id).items
            #expect(kept.count == 1 && kept.first?.newAccount == "0011007654321")
        }
    }
}
