import Foundation
import SQLKit
import Testing

@testable import Ledger

@Sendable private func seal(_ draft: ReceiptDraft) -> ReceiptSealing {
    ReceiptSealing(kid: "0011223344556677", seal: "BL1:\(draft.number.series)-\(draft.number.number)", amountInWords: "—")
}

/// A school with `count` open bills, each for a payer with an email (and a phone with `phone`).
private func school(in ledger: Ledger, bills count: Int, phone: Bool = false) async throws -> (unit: CommuneUnit, bills: [Bill]) {
    let commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa"))
    let unit = try await ledger.createUnit(NewCommuneUnit(kind: .school, name: "Trường Tiểu học Điện Biên", communeId: commune.id))
    let new = (1...count).map { index in
        NewBill(
            payerName: "Lê Văn Bình",
            feeType: "Học phí tháng 9",
            amount: 1_250_000,
            payerEmail: "hs\(index)@example.vn",
            payerPhone: phone ? "+84912345678" : nil
        )
    }
    let bills = try await ledger.createBills(new, unit: unit.id, by: "k") { _, bill in
        // Each payer's email makes its bill's code.
        BillQR(code: "HP26 7K3Q\(bill.payerEmail?.prefix(3).suffix(1) ?? "0")", payload: "PAYLOAD \(bill.amount)")
    }
    return (unit, bills)
}

/// The receipt of `bill`, paid in cash at the desk.
private func pay(_ bill: Bill, in ledger: Ledger) async throws -> Receipt {
    try await ledger.issueReceipt(
        NewReceipt(payerName: bill.payerName, feeType: bill.feeType, amount: bill.amount, method: .cash, billId: bill.id),
        unitId: bill.unitId,
        by: "k",
        seal: seal
    ).receipt
}

@Suite("The outbox of receipts to payers")
struct DeliveryOutboxTests {
    @Test(
        "a receipt that settles a bill with contacts queues an email, and a callback when the unit has a gateway; a second automatic delivery is refused by the database",
        arguments: TestDatabase.all
    )
    func queuedWithTheReceipt(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let (unit, bills) = try await school(in: ledger, bills: 2, phone: true)
            let plain = try await ledger.createBills(
                [NewBill(payerName: "Trần Thị Hoa", feeType: "Học phí tháng 9", amount: 1_250_000)],
                unit: unit.id,
                by: "k"
            ) { _, bill in BillQR(code: "HP26 AAAAA", payload: "PAYLOAD") }[0]
            let first = try await pay(bills[0], in: ledger)
            #expect(try await ledger.deliveries(bill: bills[0].id).map(\.channel) == [.email], "no gateway yet: the email only")
            try await ledger.setUnitCallback(
                UnitCallback(unitId: unit.id, url: "https://gw.example.vn", sealedSecret: "x", updatedAt: Date(), updatedBy: "k")
            )
            _ = try await pay(bills[1], in: ledger)
            let queued = try await ledger.deliveries(bill: bills[1].id)
            #expect(queued.map(\.channel) == [.email, .callback])
            #expect(queued.map(\.target) == ["hs2@example.vn", "+84912345678"])
            #expect(queued.allSatisfy { $0.status == .queued && $0.attempts == 0 && $0.requestedBy == nil })
            _ = try await pay(plain, in: ledger)
            #expect(try await ledger.deliveries(bill: plain.id).isEmpty, "a bill without contacts sends nothing")
            // What a second server queueing the same receipt would do: the unique index refuses it.
            await #expect(throws: (any Error).self) {
                try await ledger.backend.withDatabase(logger: .quiet) { database in
                    try await Ledger.queueDeliveries(for: [first], in: database)
                }
            }
            #expect(try await ledger.deliveries(bill: bills[0].id).count == 1)
        }
    }

    @Test(
        "two servers claiming at once get each delivery once; a claim whose lease ran out is taken over, and the late outcome is discarded",
        arguments: TestDatabase.all
    )
    func claimedOnce(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withSharedDatabase { url in
            try await withRunningLedger(url, clock: clock) { one in
                try await one.migrate()
                try await withRunningLedger(url, clock: clock) { two in
                    let (_, bills) = try await school(in: one, bills: 6)
                    for bill in bills { _ = try await pay(bill, in: one) }
                    async let byOne = one.claimDueDeliveries(channels: [.email], limit: 10, lease: .seconds(600))
                    async let byTwo = two.claimDueDeliveries(channels: [.email], limit: 10, lease: .seconds(600))
                    let (a, b) = try await (byOne, byTwo)
                    let ids = (a + b).map(\.delivery.id)
                    #expect(ids.count == 6 && Set(ids).count == 6, "each of the six claimed by one server only")
                    #expect(try await two.claimDueDeliveries(channels: [.email]).isEmpty, "held under their leases")

                    clock.advance(by: 601)
                    let taken = try await two.claimDueDeliveries(channels: [.email], limit: 10, lease: .seconds(600))
                    #expect(taken.count == 6 && taken.allSatisfy { $0.delivery.attempts == 2 })
                    let late = try #require((a + b).first)
                    #expect(try await one.finishDelivery(late, .sent) == false, "the first claim's lease ran out")
                    let current = try #require(taken.first { $0.delivery.id == late.delivery.id })
                    #expect(try await two.finishDelivery(current, .sent))
                    #expect(try await one.delivery(late.delivery.id)?.status == .sent)
                }
            }
        }
    }
}
