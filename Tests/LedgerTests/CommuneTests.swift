import Foundation
import Ledger
import Rules
import Testing

@Suite("Communes")
struct CommuneTests {
    @Test("a registered commune is stored with its id and time, and read back", arguments: TestDatabase.all)
    func createAndRead(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let commune = try await ledger.createCommune(NewCommune(name: "  Phường Điện Biên ", province: "Hà Nội"))
            #expect(commune.name == "Phường Điện Biên")
            #expect(commune.province == "Hà Nội")
            #expect(commune.createdAt == clock.now())
            #expect(try await ledger.commune(commune.id) == commune)
        }
    }

    @Test("a commune with no name or province is refused, naming both fields", arguments: TestDatabase.all)
    func createInvalid(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            await #expect(
                throws: LedgerError.invalid([
                    FieldProblem(field: "name", code: .required, reason: "is empty"),
                    FieldProblem(field: "province", code: .required, reason: "is empty"),
                ])
            ) {
                try await ledger.createCommune(NewCommune(name: " ", province: ""))
            }
            let communes = try await ledger.listCommunes().items
            #expect(communes.isEmpty)
        }
    }

    @Test("reading a commune that does not exist is 'not found'", arguments: TestDatabase.all)
    func readMissing(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            await #expect(throws: LedgerError.notFound(.commune, id: 42)) { try await ledger.commune(42) }
        }
    }

    @Test("communes are listed by province and searched without case or diacritics", arguments: TestDatabase.all)
    func listFilters(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let dienBien = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Hà Nội"))
            let hangBac = try await ledger.createCommune(NewCommune(name: "Phường Hàng Bạc", province: "Hà Nội"))
            let benThanh = try await ledger.createCommune(NewCommune(name: "Phường Bến Thành", province: "TP Hồ Chí Minh"))
            #expect(try await ledger.listCommunes(CommuneFilter(province: "ha noi")).items == [dienBien, hangBac])
            #expect(try await ledger.listCommunes(CommuneFilter(search: "DIEN bien")).items == [dienBien])
            #expect(try await ledger.listCommunes(CommuneFilter(search: "Bến")).items == [benThanh])
            #expect(try await ledger.listCommunes(CommuneFilter(province: "Hà Nội", search: "thành")).items == [])
        }
    }

    @Test("a search for % or _ takes them literally", arguments: TestDatabase.all)
    func searchWildcards(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            _ = try await ledger.createCommune(NewCommune(name: "Xã An Bình", province: "Đồng Nai"))
            let percent = try await ledger.createCommune(NewCommune(name: "Xã 100%", province: "Đồng Nai"))
            #expect(try await ledger.listCommunes(CommuneFilter(search: "%")).items == [percent])
            #expect(try await ledger.listCommunes(CommuneFilter(search: "_")).items == [])
        }
    }

    @Test("lists come in pages: limit rows after the cursor, and a cursor while more remain", arguments: TestDatabase.all)
    func paging(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            var created: [Commune] = []
            for number in 1...5 {
                created.append(try await ledger.createCommune(NewCommune(name: "Xã \(number)", province: "Hà Nội")))
            }
            let first = try await ledger.listCommunes(page: PageRequest(limit: 2))
            #expect(first.items == Array(created[0..<2]))
            #expect(first.nextCursor == created[1].id)
            let second = try await ledger.listCommunes(page: PageRequest(limit: 2, after: first.nextCursor))
            #expect(second.items == Array(created[2..<4]))
            let last = try await ledger.listCommunes(page: PageRequest(limit: 2, after: second.nextCursor))
            #expect(last.items == [created[4]])
            #expect(last.nextCursor == nil)
        }
    }

    @Test("a page limit outside 1 through 500 is refused", arguments: TestDatabase.all, [0, 501])
    func pageLimit(database: TestDatabase, limit: Int) async throws {
        try await database.withLedger { ledger in
            await #expect(throws: LedgerError.invalid([FieldProblem(field: "limit", reason: "must be 1 through 500, not \(limit)")])) {
                try await ledger.listCommunes(page: PageRequest(limit: limit))
            }
        }
    }

    @Test("a commune is renamed; the change is stored and searchable", arguments: TestDatabase.all)
    func update(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let commune = try await ledger.createCommune(NewCommune(name: "Xã Điện Biên", province: "Hà Nội"))
            let renamed = try await ledger.updateCommune(commune.id) { $0.name = "Phường Điện Biên" }
            #expect(renamed.name == "Phường Điện Biên")
            #expect(renamed.createdAt == commune.createdAt)
            #expect(try await ledger.commune(commune.id) == renamed)
            #expect(try await ledger.listCommunes(CommuneFilter(search: "phuong")).items == [renamed])
        }
    }

    @Test("a change that empties a field is refused and nothing is stored", arguments: TestDatabase.all)
    func updateInvalid(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Hà Nội"))
            await #expect(throws: LedgerError.invalid([FieldProblem(field: "province", code: .required, reason: "is empty")])) {
                try await ledger.updateCommune(commune.id) { $0.province = "" }
            }
            #expect(try await ledger.commune(commune.id) == commune)
        }
    }

    @Test("changing a commune that does not exist is 'not found'", arguments: TestDatabase.all)
    func updateMissing(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            await #expect(throws: LedgerError.notFound(.commune, id: 7)) {
                try await ledger.updateCommune(7) { $0.name = "Xã Mới" }
            }
        }
    }
}
