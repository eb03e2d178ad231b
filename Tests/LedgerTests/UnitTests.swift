import Foundation
import Ledger
import Rules
import Testing

@Suite("Units (markets, schools, clinics)")
struct UnitTests {
    @Test("a school with its bank account is registered in a commune and read back", arguments: TestDatabase.all)
    func createAndRead(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Hà Nội"))
            let school = try await ledger.createUnit(
                NewCommuneUnit(
                    kind: .school,
                    name: "Trường Tiểu học Điện Biên",
                    communeId: commune.id,
                    address: "12 Điện Biên Phủ",
                    taxCode: "0101234567",
                    bankBin: "970415",
                    bankAccount: "113000123456",
                    bankHolder: "TRUONG TIEU HOC DIEN BIEN"
                )
            )
            #expect(school.kind == .school)
            #expect(school.communeId == commune.id)
            #expect(school.bankBin == "970415")
            #expect(try await ledger.unit(school.id) == school)
        }
    }

    @Test("a unit of a commune that does not exist is an invalid reference", arguments: TestDatabase.all)
    func unknownCommune(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            await #expect(
                throws: LedgerError.invalidReference(FieldProblem(field: "communeId", code: .unknownReference, reason: "there is no commune 9"))
            ) {
                try await ledger.createUnit(NewCommuneUnit(kind: .market, name: "Chợ Mới", communeId: 9))
            }
        }
    }

    @Test("a bank BIN that is not 6 digits, or an account without its bank, is refused", arguments: TestDatabase.all)
    func badBank(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Hà Nội"))
            await #expect(
                throws: LedgerError.invalid([
                    FieldProblem(field: "name", code: .required, reason: "is empty"),
                    FieldProblem(field: "bankBin", code: .unknownBank, reason: "'VCB' is not a bank BIN (6 digits, e.g. 970436)"),
                ])
            ) {
                try await ledger.createUnit(
                    NewCommuneUnit(
                        kind: .clinic,
                        name: "",
                        communeId: commune.id,
                        bankBin: "VCB",
                        bankAccount: "0011001234567"
                    )
                )
            }
            await #expect(
                throws: LedgerError.invalid([
                    FieldProblem(field: "bankBin", code: .required, reason: "is missing: an account number needs its bank")
                ])
            ) {
                try await ledger.createUnit(
                    NewCommuneUnit(
                        kind: .clinic,
                        name: "Trạm Y tế",
                        communeId: commune.id,
                        bankAccount: "0011001234567"
                    )
                )
            }
            #expect(try await ledger.listUnits().items.isEmpty)
        }
    }

    @Test("units are listed by commune and kind and searched by name", arguments: TestDatabase.all)
    func listFilters(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let dienBien = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Hà Nội"))
            let hangBac = try await ledger.createCommune(NewCommune(name: "Phường Hàng Bạc", province: "Hà Nội"))
            let market = try await ledger.createUnit(NewCommuneUnit(kind: .market, name: "Chợ Điện Biên", communeId: dienBien.id))
            let school = try await ledger.createUnit(NewCommuneUnit(kind: .school, name: "Trường Điện Biên", communeId: dienBien.id))
            let other = try await ledger.createUnit(NewCommuneUnit(kind: .market, name: "Chợ Hàng Bè", communeId: hangBac.id))
            #expect(try await ledger.listUnits(CommuneUnitFilter(communeId: dienBien.id)).items == [market, school])
            #expect(try await ledger.listUnits(CommuneUnitFilter(kind: .market)).items == [market, other])
            #expect(try await ledger.listUnits(CommuneUnitFilter(search: "cho")).items == [market, other])
            #expect(try await ledger.listUnits(CommuneUnitFilter(communeId: hangBac.id, kind: .school)).items == [])
        }
    }

    @Test("a unit's bank account is set; removing the BIN alone is refused", arguments: TestDatabase.all)
    func update(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Hà Nội"))
            let clinic = try await ledger.createUnit(NewCommuneUnit(kind: .clinic, name: "Trạm Y tế", communeId: commune.id))
            let paid = try await ledger.updateUnit(clinic.id, by: "key:1") {
                $0.bankBin = "970436"
                $0.bankAccount = " 0011009876543 "
                $0.bankHolder = "TRAM Y TE PHUONG DIEN BIEN"
            }
            #expect(paid.bankAccount == "0011009876543")
            #expect(paid.kind == .clinic)
            #expect(try await ledger.unit(clinic.id) == paid)
            await #expect(
                throws: LedgerError.invalid([
                    FieldProblem(field: "bankBin", code: .required, reason: "is missing: an account number needs its bank")
                ])
            ) {
                try await ledger.updateUnit(clinic.id, by: "key:1") { $0.bankBin = nil }
            }
            #expect(try await ledger.unit(clinic.id) == paid)
        }
    }

    @Test("reading or changing a unit that does not exist is 'not found'", arguments: TestDatabase.all)
    func missing(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            await #expect(throws: LedgerError.notFound(.unit, id: 3)) { try await ledger.unit(3) }
            await #expect(throws: LedgerError.notFound(.unit, id: 3)) { try await ledger.updateUnit(3, by: "key:1") { $0.name = "Chợ" } }
        }
    }
}
