import Foundation
import SQLKit
import Testing

@testable import Ledger

/// Seals with a text naming the number, as the server's sealer would with a real key.
@Sendable private func seal(_ draft: ReceiptDraft) -> ReceiptSealing {
    ReceiptSealing(kid: "0011223344556677", seal: "BL1:\(draft.number.series)-\(draft.number.number)", amountInWords: "—")
}

/// What the server's sealer throws for a unit without a key.
private struct NoKey: Error {}

@Sendable private func refuse(_ draft: ReceiptDraft) throws -> ReceiptSealing { throw NoKey() }

/// Pays the first bill when the amount is what it is owed; otherwise waits.
@Sendable private func decide(_ payment: NewPayment, _ bills: [Bill]) -> PaymentDecision {
    guard let bill = bills.first else { return .waits(.unmatched, billId: nil, note: "no bill code in the content") }
    return payment.amount == bill.amountDue ? .pays(billId: bill.id) : .waits(.partial, billId: bill.id, note: "short")
}

private let tuition = NewBill(payerName: "Lê Văn Bình", payerReference: "HS0042 3A", feeType: "Học phí tháng 9", amount: 1_250_000)

private func transfer(_ id: String, _ amount: UInt64 = 1_250_000, _ content: String = "HP26 7K3QX") -> NewPayment {
    NewPayment(source: .webhook, bankTransactionId: id, amount: amount, content: content, payerName: "LE VAN BINH", paidAt: Date())
}

/// A school with one open bill, `HP26 7K3QX`.
private func school(in ledger: Ledger) async throws -> (unit: CommuneUnit, bill: Bill) {
    let commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa")).id
    let unit = try await ledger.createUnit(NewCommuneUnit(kind: .school, name: "Trường Tiểu học Điện Biên", communeId: commune))
    let bill = try await ledger.createBills([tuition], unit: unit.id, by: "k") { _, bill in
        BillQR(code: "HP26 7K3QX", payload: "PAYLOAD \(bill.amount)")
    }[0]
    return (unit, bill)
}

@Suite("Payments whose receipts wait")
struct PaymentReceiptTests {
    @Test(
        "a transfer whose receipt cannot be sealed is recorded and pays its bill; it waits in the inbox, takes no number, and is receipted once later",
        arguments: TestDatabase.all
    )
    func recordedFirst(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let (unit, bill) = try await school(in: ledger)
            let recorded = try await ledger.recordPayments([(transfer("FT1"), ["HP26 7K3QX"])], unit: unit.id, by: "hook", decide: decide)
            let payment = recorded[0].payment
            #expect(payment.status == .matched && payment.awaitsReceipt && payment.billId == bill.id)
            #expect(try await ledger.bill(bill.id).status == .paid, "the money came: the bill is paid")

            await #expect(throws: NoKey.self) { try await ledger.receiptPayment(payment.id, by: "hook", seal: refuse) }
            try await ledger.noteReceiptProblem("đơn vị chưa có khoá ký biên lai", payment: payment.id)
            let inbox = try await ledger.listPayments(unit: unit.id, waiting: true).items
            #expect(inbox.map(\.id) == [payment.id])
            #expect(inbox.first?.receiptProblem == "đơn vị chưa có khoá ký biên lai")
            #expect(try await ledger.listReceipts(unit: unit.id).items.isEmpty)
            #expect(try await ledger.paymentsAwaitingReceipt().map(\.id) == [payment.id])

            let (receipt, created) = try await ledger.receiptPayment(payment.id, by: "retry", seal: seal)
            #expect(created && receipt.number == 1, "the refused seal took no number")
            #expect(receipt.billId == bill.id && receipt.amount == 1_250_000 && receipt.method == .qr && receipt.payerName == "Lê Văn Bình")
            let done = try await ledger.payment(payment.id)
            #expect(done.receiptId == receipt.id && done.receiptProblem == nil && !done.awaitsReceipt)
            #expect(try await ledger.bill(bill.id).receiptId == receipt.id)
            #expect(try await ledger.listPayments(unit: unit.id, waiting: true).items.isEmpty)
            #expect(try await ledger.listPayments(unit: unit.id, waiting: false).items.map(\.id) == [payment.id])
            #expect(try await ledger.paymentsAwaitingReceipt().isEmpty)

            let again = try await ledger.receiptPayment(payment.id, by: "retry", seal: seal)
            #expect(again.receipt == receipt && !again.created)
            #expect(try await ledger.listReceipts(unit: unit.id).items.count == 1)
        }
    }

    @Test("two servers trying one payment's receipt at once issue it once", arguments: TestDatabase.all)
    func onceAcrossServers(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await Ledger.withLedger(url, logger: .quiet) { first in
                try await Ledger.withLedger(url, logger: .quiet) { second in
                    let (unit, _) = try await school(in: first)
                    let payment = try await first.recordPayments([(transfer("FT2"), ["HP26 7K3QX"])], unit: unit.id, by: "hook", decide: decide)[0]
                        .payment
                    let outcomes = try await withThrowingTaskGroup(of: (Int64, Bool).self) { group in
                        for index in 0..<16 {
                            let ledger = index.isMultiple(of: 2) ? first : second
                            group.addTask {
                                let (receipt, created) = try await ledger.receiptPayment(payment.id, by: "retry", seal: seal)
                                return (receipt.id, created)
                            }
                        }
                        return try await group.reduce(into: [(Int64, Bool)]()) { $0.append($1) }
                    }
                    #expect(Set(outcomes.map(\.0)).count == 1)
                    #expect(outcomes.filter(\.1).count == 1)
                    #expect(try await first.listReceipts(unit: unit.id).items.count == 1)
                }
            }
        }
    }

    @Test("the database itself holds one receipt per payment", arguments: TestDatabase.all)
    func uniquePerPayment(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let (unit, _) = try await school(in: ledger)
            let payment = try await ledger.recordPayments([(transfer("FT3"), ["HP26 7K3QX"])], unit: unit.id, by: "hook", decide: decide)[0].payment
            let receipt = try await ledger.receiptPayment(payment.id, by: "hook", seal: seal).receipt
            // A second receipt for the payment, as a path that forgot to check would write it.
            await #expect(throws: (any Error).self) {
                try await ledger.backend.withDatabase(logger: .quiet) { database in
                    try await database.raw(
                        """
                        INSERT INTO receipts (unit_id, form_code, series, number, issued_at, payer_name, fee_type, items, amount,
                            amount_in_words, method, status, kid, seal, issued_by, payment_id)
                        SELECT unit_id, form_code, series, number + 1, issued_at, payer_name, fee_type, items, amount,
                            amount_in_words, method, status, kid, seal, issued_by, \(bind: payment.id)
                        FROM receipts WHERE id = \(bind: receipt.id)
                        """
                    ).run()
                }
            }
            #expect(try await ledger.listReceipts(unit: unit.id).items.count == 1)
        }
    }

    @Test("a person's match is receipted once, and a match sent again under its key gives the same receipt", arguments: TestDatabase.all)
    func matchReplayed(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let (unit, bill) = try await school(in: ledger)
            let short = try await ledger.recordPayments([(transfer("FT4", 600_000), ["HP26 7K3QX"])], unit: unit.id, by: "hook", decide: decide)[0]
                .payment
            #expect(short.status == .partial)
            let claim = try IdempotencyClaim(key: "form-1", operation: "match payment \(short.id)", input: ["billId": bill.id])
            let first = try await ledger.resolvePayment(
                short.id,
                billId: bill.id,
                payerName: nil,
                feeType: nil,
                idempotency: claim,
                by: "k",
                seal: seal
            )
            let again = try await ledger.resolvePayment(
                short.id,
                billId: bill.id,
                payerName: nil,
                feeType: nil,
                idempotency: claim,
                by: "k",
                seal: seal
            )
            #expect(first.created && !again.created && again.receipt == first.receipt)
            let other = try IdempotencyClaim(key: "form-1", operation: "match payment \(short.id)", input: ["feeType": "Quỹ lớp"])
            let refused = await #expect(throws: LedgerError.self) {
                try await ledger.resolvePayment(short.id, billId: nil, payerName: nil, feeType: "Quỹ lớp", idempotency: other, by: "k", seal: seal)
            }
            #expect(refused == Ledger.reused(other))
            #expect(try await ledger.listReceipts(unit: unit.id).items.count == 1)
            #expect(try await ledger.bill(bill.id).paidAmount == 600_000)
        }
    }

    @Test(
        "migration 11 links the receipts issued before to their payments, and a payment with one is not receipted again",
        arguments: TestDatabase.all
    )
    func linksEarlierReceipts(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await withRunningLedger(url) { ledger in
                #expect(try await ledger.migrate(upTo: 10) == Array(1...10))
                // As a server of version 10 stored a school with a bill and a matched payment: its
                // receipt, and the payment pointing at it (rows written as that schema had them:
                // today's operations write columns later versions added).
                let (unitId, billId, receiptId) = try await ledger.backend.withDatabase(logger: .quiet) { database in
                    let communeId = try await database.insert(into: "communes")
                        .columns("name", "province", "search", "province_key", "created_at")
                        .values(SQLBind("Phường Điện Biên"), SQLBind("Thanh Hóa"), SQLBind("phuong dien bien"), SQLBind("thanh hoa"), SQLBind(Date()))
                        .returning("id").first(decodingColumn: "id", as: Int64.self)!
                    let unitId = try await database.insert(into: "units")
                        .columns("kind", "name", "commune_id", "receipt_form_code", "words_chan", "words_ngan", "search", "created_at")
                        .values(
                            SQLBind("school"),
                            SQLBind("Trường Tiểu học Điện Biên"),
                            SQLBind(communeId),
                            SQLBind("EBL01"),
                            SQLBind(false),
                            SQLBind(false),
                            SQLBind("truong tieu hoc dien bien"),
                            SQLBind(Date())
                        )
                        .returning("id").first(decodingColumn: "id", as: Int64.self)!
                    let billId = try await database.insert(into: "bills")
                        .columns(
                            "unit_id",
                            "code",
                            "payer_name",
                            "fee_type",
                            "amount",
                            "payload",
                            "status",
                            "paid_amount",
                            "created_at",
                            "created_by"
                        )
                        .values(
                            SQLBind(unitId),
                            SQLBind("HP26 7K3QX"),
                            SQLBind("Lê Văn Bình"),
                            SQLBind("Học phí tháng 9"),
                            SQLBind(Int64(1_250_000)),
                            SQLBind("PAYLOAD 1250000"),
                            SQLBind("paid"),
                            SQLBind(Int64(1_250_000)),
                            SQLBind(Date()),
                            SQLBind("k")
                        )
                        .returning("id").first(decodingColumn: "id", as: Int64.self)!
                    let receiptId = try await database.insert(into: "receipts")
                        .columns(
                            "unit_id",
                            "form_code",
                            "series",
                            "number",
                            "issued_at",
                            "payer_name",
                            "fee_type",
                            "items",
                            "amount",
                            "amount_in_words",
                            "method",
                            "bill_id",
                            "status",
                            "kid",
                            "seal",
                            "issued_by"
                        )
                        .values(
                            SQLBind(unitId),
                            SQLBind("EBL01"),
                            SQLBind("26T"),
                            SQLBind(Int64(1)),
                            SQLBind(Date()),
                            SQLBind("Lê Văn Bình"),
                            SQLBind("Học phí tháng 9"),
                            SQLBind("[]"),
                            SQLBind(Int64(1_250_000)),
                            SQLBind("—"),
                            SQLBind("qr"),
                            SQLBind(billId),
                            SQLBind("issued"),
                            SQLBind("0011223344556677"),
                            SQLBind("BL1:26T-1"),
                            SQLBind("hook")
                        )
                        .returning("id").first(decodingColumn: "id", as: Int64.self)
                    try await database.insert(into: "payments")
                        .columns(
                            "unit_id",
                            "source",
                            "bank_txn_id",
                            "amount",
                            "content",
                            "paid_at",
                            "status",
                            "bill_id",
                            "receipt_id",
                            "created_at",
                            "created_by"
                        )
                        .values(
                            SQLBind(unitId),
                            SQLBind("webhook"),
                            SQLBind("FT5"),
                            SQLBind(Int64(1_250_000)),
                            SQLBind("HP26 7K3QX"),
                            SQLBind(Date()),
                            SQLBind("matched"),
                            SQLBind(billId),
                            SQLBind(receiptId),
                            SQLBind(Date()),
                            SQLBind("hook")
                        )
                        .run()
                    return (unitId, billId, receiptId)
                }
                #expect(try await ledger.migrate().first == 11)
                let payment = try #require(try await ledger.listPayments(unit: unitId).items.first)
                let linked = try await ledger.backend.withDatabase(logger: .quiet) { database in
                    try await database.select().column("payment_id").from("receipts").where("id", .equal, receiptId)
                        .first(decodingColumn: "payment_id", as: Int64?.self) ?? nil
                }
                #expect(linked == payment.id)
                let again = try await ledger.receiptPayment(payment.id, by: "retry", seal: seal)
                #expect(again.receipt.id == receiptId && !again.created)
                #expect(try await ledger.listReceipts(unit: unitId).items.count == 1)
                #expect(try await ledger.bill(billId).payToken?.utf8.count == 32, "migration 14 gave the older bill its link")
            }
        }
    }
}
