import Foundation
import Ledger
import Testing

private let fee = NewReceipt(
    payerName: "Lê Văn Bình",
    payerReference: "HS0042 lớp 3A",
    feeType: "Học phí tháng 9",
    amount: 150_000,
    method: .qr
)

/// Seals with a text naming the number and what the draft says it supersedes, so a test sees
/// that the seal was made from the transaction's view.
@Sendable private func seal(_ draft: ReceiptDraft) -> ReceiptSealing {
    let mends = draft.supersedes.map { " \($0.kind.rawValue) \($0.receipt.series)-\($0.receipt.number)" } ?? ""
    return ReceiptSealing(
        kid: draft.activeKey?.kid ?? "none",
        seal: "BL1:\(draft.number.formCode)-\(draft.number.number)\(mends)",
        amountInWords: draft.unit.wordsNgan ? "Một trăm năm mươi ngàn đồng" : "Một trăm năm mươi nghìn đồng"
    )
}

private func school(in ledger: Ledger, formCode: String? = nil, ngan: Bool? = nil) async throws -> CommuneUnit {
    let commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa"))
    return try await ledger.createUnit(
        NewCommuneUnit(
            kind: .school,
            name: "Trường Tiểu học Điện Biên",
            communeId: commune.id,
            receiptFormCode: formCode,
            wordsNgan: ngan
        )
    )
}

@Suite("Replacing and adjusting receipts")
struct SupersessionTests {
    @Test("a replacement takes the next number, points at the original, and marks it replaced", arguments: TestDatabase.all)
    func replace(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let original = try await ledger.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt
            var corrected = fee
            corrected.payerName = "Lê Văn Bình An"
            let (replacement, created) = try await ledger.supersedeReceipt(original.id, .replace, with: corrected, by: "k", seal: seal)
            #expect(created)
            #expect(replacement.number == 2)
            #expect(replacement.supersedesId == original.id)
            #expect(replacement.seal == "BL1:EBL01-2 replace 26T-1")
            #expect(try await ledger.receipt(original.id).status == .replaced)
            #expect(
                try await ledger.supersededReceipts(unit: unit.id) == [
                    SupersededReceipt(
                        formCode: "EBL01",
                        series: "26T",
                        number: 1,
                        status: .replaced,
                        byFormCode: "EBL01",
                        bySeries: "26T",
                        byNumber: 2
                    )
                ]
            )
            #expect(try await ledger.supersededReceipts(unit: unit.id, series: "25T").isEmpty)
        }
    }

    @Test(
        "two servers replacing and issuing a unit's receipts at once all succeed, the fees counted once",
        arguments: TestDatabase.all
    )
    func replaceWhileIssuing(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await Ledger.withLedger(url, logger: .quiet) { first in
                try await Ledger.withLedger(url, logger: .quiet) { second in
                    let unit = try await school(in: first)
                    var originals: [Receipt] = []
                    for _ in 0..<30 { originals.append(try await first.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt) }
                    // Replacements lock their original before the counter, issues take the counter:
                    // in one order everywhere, so no request waits for another that waits for it.
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for (index, original) in originals.enumerated() {
                            let ledger = index.isMultiple(of: 2) ? first : second
                            group.addTask { _ = try await ledger.supersedeReceipt(original.id, .replace, with: fee, by: "k", seal: seal) }
                            group.addTask {
                                _ = try await (index.isMultiple(of: 2) ? second : first).issueReceipt(fee, unitId: unit.id, by: "k", seal: seal)
                            }
                        }
                        try await group.waitForAll()
                    }
                    #expect(try await first.supersededReceipts(unit: unit.id).count == 30)
                    // 30 replacements and 30 new receipts stand; the 30 originals no longer count.
                    #expect(try await first.feeTotals(commune: unit.communeId) == FeeTotals(cashless: 60 * 150_000, cash: 0))
                }
            }
        }
    }

    @Test("an adjusted receipt is marked adjusted; a superseded one cannot be superseded again", arguments: TestDatabase.all)
    func adjustOnce(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let original = try await ledger.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt
            _ = try await ledger.supersedeReceipt(original.id, .adjust, with: fee, by: "k", seal: seal)
            #expect(try await ledger.receipt(original.id).status == .adjusted)
            let error = await #expect(throws: LedgerError.self) {
                try await ledger.supersedeReceipt(original.id, .replace, with: fee, by: "k", seal: seal)
            }
            guard case .conflict(let problem)? = error else {
                Issue.record("not a conflict: \(String(describing: error))")
                return
            }
            #expect(problem.reason.contains("adjusted already"))
            // The refused replacement took no number.
            #expect(try await ledger.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt.number == 3)
        }
    }

    @Test("replacing at once from many requests supersedes the original once", arguments: TestDatabase.all)
    func concurrentReplace(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let original = try await ledger.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<10 {
                    group.addTask { (try? await ledger.supersedeReceipt(original.id, .replace, with: fee, by: "k", seal: seal)) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await ledger.supersededReceipts(unit: unit.id).count == 1)
            #expect(try await ledger.listReceipts(unit: unit.id).items.map(\.number) == [1, 2])
            #expect(try await ledger.latestReceipts(unit: unit.id, limit: 1).map(\.number) == [2], "the newest first")
        }
    }

    @Test("a unit's form code and words options reach the seal", arguments: TestDatabase.all)
    func unitOptions(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger, formCode: "EBL02", ngan: true)
            #expect(unit.receiptFormCode == "EBL02" && unit.wordsNgan && !unit.wordsChan)
            let receipt = try await ledger.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt
            #expect(receipt.formCode == "EBL02")
            #expect(receipt.amountInWords == "Một trăm năm mươi ngàn đồng")
            let changed = try await ledger.updateUnit(unit.id, by: "key:1") {
                $0.wordsChan = true
                $0.receiptFormCode = "EBL01"
            }
            #expect(changed.wordsChan && changed.receiptFormCode == "EBL01")
            #expect(try await ledger.unit(unit.id) == changed)
            let error = await #expect(throws: LedgerError.self) {
                try await ledger.updateUnit(unit.id, by: "key:1") { $0.receiptFormCode = "01GTKT" }
            }
            guard case .invalid(let problems)? = error else {
                Issue.record("not invalid: \(String(describing: error))")
                return
            }
            #expect(problems.map(\.field) == ["receiptFormCode"])
        }
    }

    @Test("the unit's active key is handed to the seal", arguments: TestDatabase.all)
    func activeKey(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            #expect(try await ledger.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt.kid == "none")
            _ = try await ledger.addSigningKey(unit: unit.id, kid: "00112233aabbccdd", alg: "EdDSA", publicKeyPem: "PEM")
            #expect(try await ledger.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt.kid == "00112233aabbccdd")
        }
    }
}
