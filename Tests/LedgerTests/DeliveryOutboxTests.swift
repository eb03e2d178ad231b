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

    @Test(
        "a resend sent twice at once with one key (a double submit to two servers) queues one delivery, and both answer it",
        arguments: TestDatabase.all
    )
    func resendOnce(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await withRunningLedger(url) { one in
                try await one.migrate()
                try await withRunningLedger(url) { two in
                    let (unit, bills) = try await school(in: one, bills: 1)
                    _ = try await pay(bills[0], in: one)
                    for round in 1...5 {
                        async let byOne = one.resendReceipt(bill: bills[0].id, unit: unit.id, channels: [.email], key: "k\(round)", by: "a")
                        async let byTwo = two.resendReceipt(bill: bills[0].id, unit: unit.id, channels: [.email], key: "k\(round)", by: "b")
                        let (a, b) = try await (byOne, byTwo)
                        #expect([a.created, b.created].filter { $0 }.count == 1, "one of the two queued")
                        #expect(a.deliveries.map(\.id) == b.deliveries.map(\.id) && a.deliveries.count == 1)
                        #expect(try await one.deliveries(bill: bills[0].id).count == 1 + round)
                    }
                }
            }
        }
    }

    @Test(
        "one key sent at once for two bills (two servers): one is queued, the other refused as a reused key, never an error",
        arguments: TestDatabase.all
    )
    func resendKeyRace(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await withRunningLedger(url) { one in
                try await one.migrate()
                try await withRunningLedger(url) { two in
                    let (unit, bills) = try await school(in: one, bills: 2)
                    for bill in bills { _ = try await pay(bill, in: one) }
                    for round in 1...5 {
                        async let byOne = Result {
                            try await one.resendReceipt(bill: bills[0].id, unit: unit.id, channels: nil, key: "k\(round)", by: "a")
                        }
                        async let byTwo = Result {
                            try await two.resendReceipt(bill: bills[1].id, unit: unit.id, channels: nil, key: "k\(round)", by: "b")
                        }
                        let outcomes = await [byOne, byTwo]
                        #expect(outcomes.filter { (try? $0.get().created) == true }.count == 1, "one queued")
                        for case .failure(let error) in outcomes {
                            guard case LedgerError.invalid(let problems) = error else {
                                Issue.record("refused as a reused key, not \(error)")
                                continue
                            }
                            #expect(problems.first?.code == .idempotencyKeyReused)
                        }
                    }
                }
            }
        }
    }

    @Test("a key used for a resend by email cannot ask for another channel", arguments: TestDatabase.all)
    func keyForOneChannel(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let (unit, bills) = try await school(in: ledger, bills: 1, phone: true)
            try await ledger.setUnitCallback(
                UnitCallback(unitId: unit.id, url: "https://gw.example.vn", sealedSecret: "x", updatedAt: Date(), updatedBy: "k")
            )
            _ = try await pay(bills[0], in: ledger)
            #expect(try await ledger.resendReceipt(bill: bills[0].id, unit: unit.id, channels: [.email], key: "k", by: "a").created)
            await #expect(throws: LedgerError.self) {
                try await ledger.resendReceipt(bill: bills[0].id, unit: unit.id, channels: [.callback], key: "k", by: "a")
            }
            #expect(try await ledger.deliveries(bill: bills[0].id).count == 3, "the two automatic ones and the one resend")
        }
    }

    @Test(
        "the refusals a person reads on the bill's page are in Vietnamese, with the English after",
        arguments: TestDatabase.all
    )
    func refusalsInVietnamese(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let (unit, bills) = try await school(in: ledger, bills: 2)
            do {
                _ = try await ledger.resendReceipt(bill: bills[0].id, unit: unit.id, channels: nil, key: nil, by: "a")
                Issue.record("a bill without a receipt has nothing to send")
            } catch let LedgerError.conflict(problem) {
                #expect(problem.reason.hasPrefix("phiếu ") && problem.reason.contains("chưa có biên lai"), "\(problem.reason)")
            }
            _ = try await pay(bills[1], in: ledger)
            do {
                _ = try await ledger.resendReceipt(bill: bills[1].id, unit: unit.id, channels: [.callback], key: nil, by: "a")
                Issue.record("a bill without a phone has no callback")
            } catch let LedgerError.invalid(problems) {
                #expect(problems.map(\.reason).allSatisfy { $0.contains("không có số điện thoại") && $0.contains("(bill ") })
            }
        }
    }

    @Test(
        "waiting for a mail server is noted on deliveries never tried; one that failed keeps its reason",
        arguments: TestDatabase.all
    )
    func waitingKeepsTheReason(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let (_, bills) = try await school(in: ledger, bills: 2)
            for bill in bills { _ = try await pay(bill, in: ledger) }
            let claimed = try #require(try await ledger.claimDueDeliveries(channels: [.email], limit: 1).first)
            let reason = "máy chủ thư tạm thời chưa nhận (deferred, will retry)"
            #expect(try await ledger.finishDelivery(claimed, .retry(at: clock.now().addingTimeInterval(60), reason: reason)))
            try await ledger.noteDeliveriesWaiting(channel: .email, reason: "no SMTP")
            #expect(try await ledger.delivery(claimed.delivery.id)?.lastError == reason, "the real reason is kept")
            let other = try #require(bills.first { $0.id != claimed.delivery.billId })
            #expect(try await ledger.deliveries(bill: other.id).first?.lastError == "no SMTP")
        }
    }
}

extension Result where Failure == any Error {
    /// The outcome of `body`.
    fileprivate init(_ body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
