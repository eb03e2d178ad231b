import Foundation
import Testing

@testable import Ledger

private let fee = NewReceipt(payerName: "Nguyễn Thị Hoà", payerReference: "HS0512-5A", feeType: "Học phí tháng 9", amount: 150_000, method: .qr)

@Sendable private func seal(_ draft: ReceiptDraft) -> ReceiptSealing {
    ReceiptSealing(kid: "0011223344556677", seal: "BL1:\(draft.number.series)-\(draft.number.number)", amountInWords: "—")
}

private func school(in ledger: Ledger) async throws -> CommuneUnit {
    let commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa"))
    return try await ledger.createUnit(NewCommuneUnit(kind: .school, name: "Trường Tiểu học Điện Biên", communeId: commune.id))
}

/// `fee` for another amount.
private func fee(_ amount: UInt64) -> NewReceipt {
    var other = fee
    other.amount = amount
    return other
}

/// Whether `error` is the refusal of a key used for another request.
private func isReused(_ error: any Error) -> Bool {
    guard case .invalid(let problems)? = error as? LedgerError else { return false }
    return problems.map(\.code) == [.idempotencyKeyReused] && problems.map(\.field) == ["Idempotency-Key"]
}

@Suite("Idempotency keys bound to their requests")
struct IdempotencyTests {
    @Test("the same key with another request is refused, takes no number and writes nothing", arguments: TestDatabase.all)
    func anotherBody(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let key = try IdempotencyClaim(key: "k1", operation: "issue receipt", input: fee)
            let first = try await ledger.issueReceipt(fee, unitId: unit.id, idempotency: key, by: "k", seal: seal)
            let same = try await ledger.issueReceipt(fee, unitId: unit.id, idempotency: key, by: "k", seal: seal)
            #expect(first.created && !same.created && same.receipt == first.receipt)
            let other = try IdempotencyClaim(key: "k1", operation: "issue receipt", input: fee(999_000))
            let error = await #expect(throws: LedgerError.self) {
                try await ledger.issueReceipt(fee(999_000), unitId: unit.id, idempotency: other, by: "k", seal: seal)
            }
            #expect(error.map(isReused) == true)
            #expect(try await ledger.listReceipts(unit: unit.id).items.map(\.id) == [first.receipt.id])
            #expect(try await ledger.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt.number == 2)
        }
    }

    @Test("a key names one request: used again to replace a receipt, it is refused and replaces nothing", arguments: TestDatabase.all)
    func anotherOperation(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let issued = try await ledger.issueReceipt(
                fee,
                unitId: unit.id,
                idempotency: try IdempotencyClaim(key: "k2", operation: "issue receipt", input: fee),
                by: "k",
                seal: seal
            ).receipt
            let other = try await ledger.issueReceipt(fee, unitId: unit.id, by: "k", seal: seal).receipt
            let replace = try IdempotencyClaim(key: "k2", operation: "replace receipt \(other.id)", input: fee)
            let error = await #expect(throws: LedgerError.self) {
                try await ledger.supersedeReceipt(other.id, .replace, with: fee, idempotency: replace, by: "k", seal: seal)
            }
            #expect(error.map(isReused) == true)
            #expect(try await ledger.receipt(other.id).status == .issued)
            #expect(try await ledger.receipt(issued.id).status == .issued)
            #expect(try await ledger.listReceipts(unit: unit.id).items.count == 2)
            // The replacement's own key works, and sent again gives the same replacement.
            let own = try IdempotencyClaim(key: "k3", operation: "replace receipt \(other.id)", input: fee)
            let first = try await ledger.supersedeReceipt(other.id, .replace, with: fee, idempotency: own, by: "k", seal: seal)
            let again = try await ledger.supersedeReceipt(other.id, .replace, with: fee, idempotency: own, by: "k", seal: seal)
            #expect(first.created && !again.created && again.receipt == first.receipt)
        }
    }

    @Test(
        "requests with one key sent at once through two servers, with two bodies: one receipt; the first body's get it, the other's are refused",
        arguments: TestDatabase.all
    )
    func concurrentBodies(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await Ledger.withLedger(url, logger: .quiet) { first in
                try await Ledger.withLedger(url, logger: .quiet) { second in
                    let unit = try await school(in: first)
                    let outcomes = try await withThrowingTaskGroup(of: (UInt64, Result<Receipt, any Error>).self) { group in
                        for index in 0..<24 {
                            let ledger = index.isMultiple(of: 2) ? first : second
                            let amount: UInt64 = index % 4 < 2 ? 150_000 : 200_000
                            group.addTask {
                                let claim = try IdempotencyClaim(key: "k4", operation: "issue receipt", input: fee(amount))
                                do {
                                    return (
                                        amount,
                                        .success(
                                            try await ledger.issueReceipt(fee(amount), unitId: unit.id, idempotency: claim, by: "k", seal: seal)
                                                .receipt
                                        )
                                    )
                                } catch {
                                    return (amount, .failure(error))
                                }
                            }
                        }
                        return try await group.reduce(into: [(UInt64, Result<Receipt, any Error>)]()) { $0.append($1) }
                    }
                    let stored = try await first.listReceipts(unit: unit.id).items
                    #expect(stored.count == 1)
                    let winner = try #require(stored.first)
                    for (amount, outcome) in outcomes {
                        switch outcome {
                        case .success(let receipt):
                            #expect(amount == winner.amount && receipt.id == winner.id)
                        case .failure(let error):
                            #expect(amount != winner.amount && isReused(error), "\(error)")
                        }
                    }
                    #expect(outcomes.filter { $0.0 == winner.amount }.allSatisfy { (try? $0.1.get()) != nil })
                }
            }
        }
    }

    @Test("a request's fingerprint is its operation and values: the same values are the same request, another operation is not")
    func canonical() throws {
        let a = try IdempotencyClaim(key: "k", operation: "issue receipt", input: fee)
        let b = try IdempotencyClaim(key: "k", operation: "issue receipt", input: fee(150_000))
        let c = try IdempotencyClaim(key: "k", operation: "adjust receipt 1", input: fee)
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.fingerprint != c.fingerprint)
        #expect(a.fingerprint != (try IdempotencyClaim(key: "k", operation: "issue receipt", input: fee(150_001))).fingerprint)
    }
}
