import Foundation
import Ledger
import Roster
import Rules
import Testing

@Suite("Importing a market's stalls")
struct ImportTests {
    @Test("a survey registers every stall, at 'has_account' when the file gives no status", arguments: TestDatabase.all)
    func createsStalls(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let summary = try await ledger.importStalls(try stallList(surveyCSV(1...30)), into: fixture.market.id, by: "import")
            #expect(summary == ImportSummary(created: 30, updated: 0, unchanged: 0))
            let stalls = try await ledger.listVendors(in: fixture.market.id, page: PageRequest(limit: 100)).items
            #expect(stalls.count == 30)
            #expect(Set(stalls.map(\.status)) == [.hasAccount])
            #expect(stalls.first?.bankBin == "970436")
            #expect(try await ledger.statusHistory(of: stalls[0].id).map(\.by) == ["import"])
        }
    }

    @Test("importing the same file again changes nothing and duplicates nothing", arguments: TestDatabase.all)
    func reimport(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let entries = try stallList(surveyCSV(1...20, status: .qrIssued))
            _ = try await ledger.importStalls(entries, into: fixture.market.id, by: "import")
            let before = try await ledger.listVendors(in: fixture.market.id, page: PageRequest(limit: 100)).items
            let summary = try await ledger.importStalls(entries, into: fixture.market.id, by: "import")
            #expect(summary == ImportSummary(created: 0, updated: 0, unchanged: 20))
            #expect(try await ledger.listVendors(in: fixture.market.id, page: PageRequest(limit: 100)).items == before)
        }
    }

    @Test("a later survey updates stalls by code, records status changes, and adds the new ones", arguments: TestDatabase.all)
    func updatesByCode(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let fixture = try await MarketFixture(in: ledger)
            _ = try await ledger.importStalls(try stallList(surveyCSV(1...10, status: .qrIssued)), into: fixture.market.id, by: "survey 1")
            clock.advance(by: 86_400 * 30)
            // Stalls 1-5 now display their code, 6-10 are listed as before, 11-12 are new; codes in lower case.
            let later =
                surveyCSV(1...5, status: .qrDisplayed)
                + surveyCSV(6...12, status: .qrIssued)
                .split(separator: "\n").dropFirst().joined(separator: "\n")
            let summary = try await ledger.importStalls(
                try stallList(later.replacingOccurrences(of: "\nA", with: "\na")),
                into: fixture.market.id,
                by: "survey 2"
            )
            // Lower-case codes change the stored spelling, so 6-10 count as updated too.
            #expect(summary == ImportSummary(created: 2, updated: 10, unchanged: 0))
            let stalls = try await ledger.listVendors(in: fixture.market.id, page: PageRequest(limit: 100)).items
            #expect(stalls.count == 12)
            #expect(stalls.filter { $0.status == .qrDisplayed }.count == 5)
            let first = try #require(stalls.first { $0.stall == "a1" })
            let history = try await ledger.statusHistory(of: first.id)
            #expect(history.map(\.to) == [.qrIssued, .qrDisplayed])
            #expect(history.last?.by == "survey 2")
            #expect(history.last?.at == clock.now())
            let sixth = try #require(stalls.first { $0.stall == "a6" })
            #expect(try await ledger.statusHistory(of: sixth.id).count == 1)
        }
    }

    @Test("a file without status or phone keeps the stored status and phone", arguments: TestDatabase.all)
    func keepsStatusAndPhone(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let entries = try stallList(surveyCSV(1...3))
            _ = try await ledger.importStalls(entries, into: fixture.market.id, by: "import")
            let stall = try #require(try await ledger.listVendors(in: fixture.market.id).items.first)
            _ = try await ledger.updateVendor(stall.id, by: "board") {
                $0.status = .qrDisplayed
                $0.phone = "0912345678"
            }
            let summary = try await ledger.importStalls(entries, into: fixture.market.id, by: "import")
            #expect(summary == ImportSummary(created: 0, updated: 0, unchanged: 3))
            let kept = try await ledger.vendor(stall.id)
            #expect(kept.status == .qrDisplayed)
            #expect(kept.phone == "0912345678")
        }
    }

    @Test("a dry run counts what an import would do and writes nothing", arguments: TestDatabase.all)
    func dryRun(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            _ = try await ledger.importStalls(try stallList(surveyCSV(1...5)), into: fixture.market.id, by: "import")
            let summary = try await ledger.importStalls(
                try stallList(surveyCSV(1...8, status: .qrIssued)),
                into: fixture.market.id,
                by: "import",
                dryRun: true
            )
            #expect(summary == ImportSummary(created: 3, updated: 5, unchanged: 0))
            let stalls = try await ledger.listVendors(in: fixture.market.id).items
            #expect(stalls.count == 5)
            #expect(Set(stalls.map(\.status)) == [.hasAccount])
            #expect(try await ledger.statusHistory(of: stalls[0].id).count == 1)
        }
    }

    @Test("one bad row rolls back the whole import; every bad row is reported with its line", arguments: TestDatabase.all)
    func allOrNothing(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            _ = try await ledger.importStalls(try stallList(surveyCSV(1...3)), into: fixture.market.id, by: "import")
            let before = try await ledger.listVendors(in: fixture.market.id).items
            // Stalls 1-3 change status, 4-6 are new; the rows on lines 4 and 7 get a phone too long to store.
            let csv = """
                Quầy,Họ tên,Điện thoại,Ngân hàng,Số tài khoản,Chủ tài khoản,Trạng thái
                A1,Nguyễn Thị 1,,Vietcombank,1000000001,NGUYEN THI 1,qr_displayed
                A2,Nguyễn Thị 2,,Vietcombank,1000000002,NGUYEN THI 2,qr_displayed
                A3,Nguyễn Thị 3,,Vietcombank,1000000003,NGUYEN THI 3,qr_displayed
                A4,Trần Văn 4,,Vietcombank,1000000004,TRAN VAN 4,
                A5,Trần Văn 5,,Vietcombank,1000000005,TRAN VAN 5,
                A6,Trần Văn 6,,Vietcombank,1000000006,TRAN VAN 6,
                """
            var entries = try stallList(csv)
            entries[2].phone = "0912 345 678 / 0987 654 321 (nhà)"
            entries[5].phone = "0912 345 678 - 0987 654 321"
            await #expect(
                throws: LedgerError.invalid([
                    FieldProblem(field: "phone", line: 4, code: .tooLong, reason: "has 33 characters; at most 20 fit"),
                    FieldProblem(field: "phone", line: 7, code: .tooLong, reason: "has 27 characters; at most 20 fit"),
                ])
            ) {
                try await ledger.importStalls(entries, into: fixture.market.id, by: "import")
            }
            #expect(try await ledger.listVendors(in: fixture.market.id).items == before)
            #expect(try await ledger.statusHistory(of: before[0].id).count == 1)
        }
    }

    @Test("a stall code twice in one import is refused, pointing at both lines", arguments: TestDatabase.all)
    func duplicateCodes(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            // Two lists joined: each is valid on its own.
            let entries = try stallList(surveyCSV(1...2)) + stallList(surveyCSV(2...3))
            await #expect(
                throws: LedgerError.invalid([
                    FieldProblem(field: "stall", line: 2, code: .duplicate, reason: "stall A2 is already on line 3")
                ])
            ) {
                try await ledger.importStalls(entries, into: fixture.market.id, by: "import")
            }
            #expect(try await ledger.listVendors(in: fixture.market.id).items.isEmpty)
        }
    }

    @Test("an import into a unit that is not a market is 'market not found'", arguments: TestDatabase.all)
    func notAMarket(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let clinic = try await ledger.createUnit(NewCommuneUnit(kind: .clinic, name: "Trạm Y tế", communeId: fixture.commune.id))
            await #expect(throws: LedgerError.notFound(.market, id: clinic.id)) {
                try await ledger.importStalls(try stallList(surveyCSV(1...2)), into: clinic.id, by: "import")
            }
        }
    }

    @Test("an import reopens nothing: a closed stall's code makes a new stall", arguments: TestDatabase.all)
    func closedStallsStayClosed(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            _ = try await ledger.importStalls(try stallList(surveyCSV(1...2)), into: fixture.market.id, by: "import")
            let gone = try #require(try await ledger.listVendors(in: fixture.market.id).items.first)
            _ = try await ledger.closeVendor(gone.id, by: "board")
            let summary = try await ledger.importStalls(try stallList(surveyCSV(1...2)), into: fixture.market.id, by: "import")
            #expect(summary == ImportSummary(created: 1, updated: 0, unchanged: 1))
            #expect(try await ledger.vendor(gone.id).closedAt != nil)
            #expect(try await ledger.listVendors(in: fixture.market.id).items.count == 2)
        }
    }
}
