import Foundation
import Ledger
import Testing

/// A school fee paid by QR.
private let fee = NewReceipt(
    payerName: "Nguyễn Thị Hoà",
    payerReference: "HS0512-5A",
    feeType: "Học phí tháng 9",
    amount: 150_000,
    method: .qr
)

/// Seals as the server would, but with a text that names the number, so a test can see it was
/// sealed with the number it was stored under.
@Sendable private func seal(_ draft: ReceiptDraft) -> ReceiptSealing {
    let number = draft.number
    return ReceiptSealing(
        kid: "0011223344556677",
        seal: "BL1:\(number.formCode)-\(number.series)-\(number.number)",
        amountInWords: "Một trăm năm mươi nghìn đồng"
    )
}

/// `key` sent to issue `receipt`, as the API binds it.
private func claim(_ key: String, _ receipt: NewReceipt, operation: String = "issue receipt") throws -> IdempotencyClaim {
    try IdempotencyClaim(key: key, operation: operation, input: receipt)
}

private func school(in ledger: Ledger) async throws -> CommuneUnit {
    let commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa"))
    return try await ledger.createUnit(NewCommuneUnit(kind: .school, name: "Trường Tiểu học Điện Biên", communeId: commune.id))
}

@Suite("Receipt numbers")
struct ReceiptNumberTests {
    @Test("a receipt is stored with its number, its year's series and the seal made for that number", arguments: TestDatabase.all)
    func issue(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let (receipt, created) = try await ledger.issueReceipt(fee, unitId: unit.id, by: "key:1", seal: seal)
            #expect(created)
            #expect(receipt.series == "26T")
            #expect(receipt.number == 1)
            #expect(receipt.formCode == "EBL01")
            #expect(receipt.seal == "BL1:EBL01-26T-1")
            #expect(receipt.status == .issued)
            #expect(try await ledger.receipt(receipt.id) == receipt)
        }
    }

    @Test("200 receipts issued at once get the numbers 1 to 200 exactly", arguments: TestDatabase.all)
    func concurrent(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let numbers = try await withThrowingTaskGroup(of: Receipt.self) { group in
                for _ in 0..<200 {
                    group.addTask { try await ledger.issueReceipt(fee, unitId: unit.id, by: "key:1", seal: seal).receipt }
                }
                return try await group.reduce(into: [Receipt]()) { $0.append($1) }
            }
            #expect(numbers.map(\.number).sorted() == Array(1...200))
            #expect(numbers.allSatisfy { $0.seal == "BL1:EBL01-26T-\($0.number)" })
        }
    }

    @Test("receipts issued at once share commits, yet one that fails is undone alone", arguments: TestDatabase.all)
    func failuresAmongMany(database: TestDatabase) async throws {
        struct Refused: Error {}
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let outcomes = try await withThrowingTaskGroup(of: Result<Int64, Refused>.self) { group in
                for index in 0..<120 {
                    group.addTask {
                        do {
                            return .success(
                                try await ledger.issueReceipt(fee, unitId: unit.id, by: "key:1") { draft in
                                    if index.isMultiple(of: 4) { throw Refused() }
                                    return seal(draft)
                                }.receipt.number
                            )
                        } catch is Refused {
                            return .failure(Refused())
                        }
                    }
                }
                return try await group.reduce(into: [Result<Int64, Refused>]()) { $0.append($1) }
            }
            let numbers = outcomes.compactMap { try? $0.get() }
            #expect(outcomes.count - numbers.count == 30)
            #expect(numbers.sorted() == Array(1...90))
            let stored = try await ledger.listReceipts(unit: unit.id, page: .init(limit: 200)).items
            #expect(stored.map(\.number) == Array(1...90))
        }
    }

    @Test("two servers issuing for one unit at once share one gapless series", arguments: TestDatabase.all)
    func twoServers(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await Ledger.withLedger(url, logger: .quiet) { first in
                try await Ledger.withLedger(url, logger: .quiet) { second in
                    let unit = try await school(in: first)
                    let numbers = try await withThrowingTaskGroup(of: Int64.self) { group in
                        for index in 0..<200 {
                            let ledger = index.isMultiple(of: 2) ? first : second
                            group.addTask { try await ledger.issueReceipt(fee, unitId: unit.id, by: "key:\(index % 2)", seal: seal).receipt.number }
                        }
                        return try await group.reduce(into: [Int64]()) { $0.append($1) }
                    }
                    #expect(numbers.sorted() == Array(1...200))
                }
            }
        }
    }

    @Test("the same idempotency key, even sent many times at once, issues one receipt", arguments: TestDatabase.all)
    func idempotent(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let results = try await withThrowingTaskGroup(of: (Receipt, Bool).self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await ledger.issueReceipt(fee, unitId: unit.id, idempotency: try claim("phieu-0512", fee), by: "key:1", seal: seal)
                    }
                }
                return try await group.reduce(into: [(Receipt, Bool)]()) { $0.append($1) }
            }
            #expect(Set(results.map(\.0.id)).count == 1)
            #expect(results.filter(\.1).count == 1)
            let next = try await ledger.issueReceipt(fee, unitId: unit.id, idempotency: try claim("phieu-0513", fee), by: "key:1", seal: seal)
            #expect(next.receipt.number == 2)
        }
    }

    @Test("form codes and years number apart", arguments: TestDatabase.all)
    func separateSeries(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let unit = try await school(in: ledger)
            #expect(try await ledger.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt.number == 1)
            #expect(try await ledger.issueReceipt(fee, unitId: unit.id, formCode: "EBL02", by: "k", seal: seal).receipt.number == 1)
            // 2026-12-31 17:00 UTC is already 2027 in Vietnam.
            clock.set(try Date(iso8601: "2026-12-31T17:00:00Z"))
            let next = try await ledger.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt
            #expect(next.series == "27T")
            #expect(next.number == 1)
        }
    }

    @Test("a bad receipt names every field and takes no number", arguments: TestDatabase.all)
    func invalid(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            var bad = fee
            bad.payerName = "  "
            bad.amount = 0
            bad.items = [.init(label: "Học phí", amount: 100_000)]
            let error = await #expect(throws: LedgerError.self) {
                try await ledger.issueReceipt(bad, unitId: unit.id, formCode: "X1", by: "k", seal: seal)
            }
            guard case .invalid(let problems)? = error else {
                Issue.record("not .invalid: \(String(describing: error))")
                return
            }
            #expect(problems.map(\.field) == ["payerName", "amount", "items", "formCode"])
            #expect(try await ledger.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt.number == 1)
        }
    }

    @Test("a seal that fails rolls the number back", arguments: TestDatabase.all)
    func sealFails(database: TestDatabase) async throws {
        struct Refused: Error {}
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            await #expect(throws: Refused.self) {
                try await ledger.issueReceipt(fee, unitId: unit.id, by: "k") { _ in throw Refused() }
            }
            #expect(try await ledger.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt.number == 1)
        }
    }

    @Test("a receipt for a unit that does not exist is refused", arguments: TestDatabase.all)
    func unknownUnit(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            await #expect(throws: LedgerError.notFound(.unit, id: 99)) {
                try await ledger.issueReceipt(fee, unitId: 99, by: "k", seal: seal)
            }
        }
    }
}
