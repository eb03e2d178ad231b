import Foundation
import Ledger
import Roster
import Rules
import Testing

@Suite("Stalls (vendors)")
struct VendorTests {
    @Test("a registered stall is stored, read back, and its first status is in the history", arguments: TestDatabase.all)
    func createAndRead(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let vendor = try await ledger.createVendor(newStall("Q12"), in: fixture.market.id, by: "key:1")
            #expect(vendor.marketId == fixture.market.id)
            #expect(vendor.stall == "Q12")
            #expect(vendor.status == .hasAccount)
            #expect(vendor.closedAt == nil)
            #expect(try await ledger.vendor(vendor.id) == vendor)
            let history = try await ledger.statusHistory(of: vendor.id)
            #expect(history.map { [$0.from?.rawValue, $0.to.rawValue, $0.by] } == [[nil, "has_account", "key:1"]])
            #expect(history.first?.at == clock.now())
        }
    }

    @Test("a surveyed stall needs no bank account yet", arguments: TestDatabase.all)
    func surveyedWithoutAccount(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let vendor = try await ledger.createVendor(NewVendor(stall: "B7", name: "Trần Văn Đức"), in: fixture.market.id, by: "cli")
            #expect(vendor.status == .surveyed)
            #expect(vendor.bankBin == nil && vendor.account == nil && vendor.holder == nil)
        }
    }

    @Test("a stall past 'surveyed' without a bank account is refused", arguments: TestDatabase.all)
    func equippedWithoutAccount(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            await #expect(
                throws: LedgerError.invalid([
                    FieldProblem(field: "status", reason: "a stall at qr_displayed needs its bank, account and account holder")
                ])
            ) {
                try await ledger.createVendor(
                    NewVendor(stall: "B7", name: "Trần Văn Đức", status: .qrDisplayed),
                    in: fixture.market.id,
                    by: "cli"
                )
            }
        }
    }

    @Test("every bad field of a stall is reported at once", arguments: TestDatabase.all)
    func invalidFields(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let bad = NewVendor(
                stall: String(repeating: "Q", count: 26),
                name: "",
                phone: "0912345678",
                bankBin: "97043",
                account: nil,
                holder: "NGUYEN THI HOA"
            )
            await #expect(
                throws: LedgerError.invalid([
                    FieldProblem(field: "stall", code: .tooLong, reason: "has 26 characters; at most 25 fit"),
                    FieldProblem(field: "name", code: .required, reason: "is empty"),
                    FieldProblem(field: "bank", code: .unknownBank, reason: "'97043' is not a bank BIN (6 digits, e.g. 970436)"),
                    FieldProblem(field: "account", code: .required, reason: "is missing: a bank needs an account number"),
                ])
            ) {
                try await ledger.createVendor(bad, in: fixture.market.id, by: "cli")
            }
            await #expect(throws: LedgerError.invalid([FieldProblem(field: "by", code: .required, reason: "is empty")])) {
                try await ledger.createVendor(newStall("Q1"), in: fixture.market.id, by: " ")
            }
            #expect(try await ledger.listVendors(in: fixture.market.id).items.isEmpty)
        }
    }

    @Test("a stall code an open stall of the market has is a conflict, whatever its case", arguments: TestDatabase.all)
    func duplicateStall(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let first = try await ledger.createVendor(newStall("Q12"), in: fixture.market.id, by: "cli")
            await #expect(
                throws: LedgerError.conflict(
                    FieldProblem(
                        field: "stall",
                        code: .duplicate,
                        reason: "stall q12 is already registered in this market (vendor \(first.id))"
                    )
                )
            ) {
                try await ledger.createVendor(newStall("q12", "Lê Thị Ánh"), in: fixture.market.id, by: "cli")
            }
            #expect(try await ledger.listVendors(in: fixture.market.id).items == [first])
        }
    }

    @Test("the same stall code may be used in another market", arguments: TestDatabase.all)
    func sameCodeOtherMarket(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let other = try await ledger.createUnit(NewCommuneUnit(kind: .market, name: "Chợ Hàng Da", communeId: fixture.commune.id))
            _ = try await ledger.createVendor(newStall("Q12"), in: fixture.market.id, by: "cli")
            let there = try await ledger.createVendor(newStall("Q12"), in: other.id, by: "cli")
            #expect(there.marketId == other.id)
        }
    }

    @Test("stalls go only into markets: a school or a missing unit is 'market not found'", arguments: TestDatabase.all)
    func notAMarket(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let school = try await ledger.createUnit(NewCommuneUnit(kind: .school, name: "Trường", communeId: fixture.commune.id))
            await #expect(throws: LedgerError.notFound(.market, id: school.id)) {
                try await ledger.createVendor(newStall("Q1"), in: school.id, by: "cli")
            }
            await #expect(throws: LedgerError.notFound(.market, id: 999)) {
                try await ledger.createVendor(newStall("Q1"), in: 999, by: "cli")
            }
            await #expect(throws: LedgerError.notFound(.market, id: 999)) { try await ledger.listVendors(in: 999) }
        }
    }

    @Test("a stall's details are changed and stored; its history is untouched when the status stays", arguments: TestDatabase.all)
    func updateDetails(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let vendor = try await ledger.createVendor(newStall("Q12"), in: fixture.market.id, by: "cli")
            let changed = try await ledger.updateVendor(vendor.id, by: "key:2") {
                $0.name = "Nguyễn Thị Hoà Bình"
                $0.phone = nil
                $0.stall = "Q12A"
            }
            #expect(changed.name == "Nguyễn Thị Hoà Bình")
            #expect(changed.phone == nil)
            #expect(try await ledger.vendor(vendor.id) == changed)
            #expect(try await ledger.statusHistory(of: vendor.id).count == 1)
        }
    }

    @Test("each status change is kept: from, to, when and by whom", arguments: TestDatabase.all)
    func statusHistory(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let vendor = try await ledger.createVendor(newStall("Q12"), in: fixture.market.id, by: "survey")
            clock.advance(by: 86_400)
            _ = try await ledger.setStatus(of: vendor.id, to: .qrIssued, by: "key:3")
            clock.advance(by: 3_600)
            let displayed = try await ledger.setStatus(of: vendor.id, to: .qrDisplayed, by: "key:4")
            _ = try await ledger.setStatus(of: vendor.id, to: .qrDisplayed, by: "key:5")
            #expect(displayed.status == .qrDisplayed)
            let history = try await ledger.statusHistory(of: vendor.id)
            #expect(history.map(\.from) == [nil, .hasAccount, .qrIssued])
            #expect(history.map(\.to) == [.hasAccount, .qrIssued, .qrDisplayed])
            #expect(history.map(\.by) == ["survey", "key:3", "key:4"])
            #expect(history.map(\.at) == [clock.now() - 90_000, clock.now() - 3_600, clock.now()])
        }
    }

    @Test("renaming a stall to a code another open stall has is a conflict", arguments: TestDatabase.all)
    func updateToTakenCode(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let first = try await ledger.createVendor(newStall("Q1"), in: fixture.market.id, by: "cli")
            let second = try await ledger.createVendor(newStall("Q2"), in: fixture.market.id, by: "cli")
            await #expect(
                throws: LedgerError.conflict(
                    FieldProblem(
                        field: "stall",
                        code: .duplicate,
                        reason: "stall Q1 is already registered in this market (vendor \(first.id))"
                    )
                )
            ) {
                try await ledger.updateVendor(second.id, by: "cli") { $0.stall = "Q1" }
            }
            #expect(try await ledger.vendor(second.id) == second)
        }
    }

    @Test("a closed stall is kept, listed only among closed ones, and cannot be changed", arguments: TestDatabase.all)
    func close(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let open = try await ledger.createVendor(newStall("Q1"), in: fixture.market.id, by: "cli")
            let leaving = try await ledger.createVendor(newStall("Q2"), in: fixture.market.id, by: "cli")
            clock.advance(by: 60)
            let closed = try await ledger.closeVendor(leaving.id, by: "key:9")
            #expect(closed.closedAt == clock.now())
            #expect(closed.closedBy == "key:9")
            #expect(try await ledger.listVendors(in: fixture.market.id).items == [open])
            #expect(try await ledger.listVendors(in: fixture.market.id, VendorFilter(closed: true)).items == [closed])
            #expect(try await ledger.listVendors(in: fixture.market.id, VendorFilter(closed: nil)).items == [open, closed])
            clock.advance(by: 60)
            #expect(try await ledger.closeVendor(leaving.id, by: "key:10") == closed)
            await #expect {
                try await ledger.setStatus(of: leaving.id, to: .qrIssued, by: "cli")
            } throws: { error in
                guard case LedgerError.conflict(let problem) = error else { return false }
                return problem.field == "closedAt"
            }
            #expect(try await ledger.vendor(leaving.id) == closed)
        }
    }

    @Test("a closed stall's code can be given to a new holder", arguments: TestDatabase.all)
    func reuseClosedCode(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let old = try await ledger.createVendor(newStall("Q1"), in: fixture.market.id, by: "cli")
            _ = try await ledger.closeVendor(old.id, by: "cli")
            let new = try await ledger.createVendor(newStall("Q1", "Phạm Văn Nam"), in: fixture.market.id, by: "cli")
            #expect(new.id != old.id)
            #expect(try await ledger.listVendors(in: fixture.market.id, VendorFilter(closed: nil)).items.map(\.stall) == ["Q1", "Q1"])
        }
    }

    @Test("stalls are listed by status and searched by code or name without diacritics, in pages", arguments: TestDatabase.all)
    func listFilters(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let hoa = try await ledger.createVendor(newStall("A1", "Nguyễn Thị Hoà", status: .qrDisplayed), in: fixture.market.id, by: "cli")
            let duc = try await ledger.createVendor(newStall("B2", "Trần Văn Đức"), in: fixture.market.id, by: "cli")
            let anh = try await ledger.createVendor(newStall("C3", "Lê Thị Ánh", status: .qrDisplayed), in: fixture.market.id, by: "cli")
            let market = fixture.market.id
            #expect(try await ledger.listVendors(in: market, VendorFilter(status: .qrDisplayed)).items == [hoa, anh])
            #expect(try await ledger.listVendors(in: market, VendorFilter(search: "duc")).items == [duc])
            #expect(try await ledger.listVendors(in: market, VendorFilter(search: "b2")).items == [duc])
            #expect(try await ledger.listVendors(in: market, VendorFilter(search: "thi")).items == [hoa, anh])
            #expect(try await ledger.listVendors(in: market, VendorFilter(status: .qrDisplayed, search: "ánh")).items == [anh])
            let page = try await ledger.listVendors(in: market, page: PageRequest(limit: 2))
            #expect(page.items == [hoa, duc])
            #expect(try await ledger.listVendors(in: market, page: PageRequest(limit: 2, after: page.nextCursor)).items == [anh])
        }
    }

    @Test("reading, changing or closing a stall that does not exist is 'not found'", arguments: TestDatabase.all)
    func missing(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            await #expect(throws: LedgerError.notFound(.vendor, id: 5)) { try await ledger.vendor(5) }
            await #expect(throws: LedgerError.notFound(.vendor, id: 5)) { try await ledger.setStatus(of: 5, to: .qrIssued, by: "cli") }
            await #expect(throws: LedgerError.notFound(.vendor, id: 5)) { try await ledger.closeVendor(5, by: "cli") }
            await #expect(throws: LedgerError.notFound(.vendor, id: 5)) { try await ledger.statusHistory(of: 5) }
        }
    }
}
