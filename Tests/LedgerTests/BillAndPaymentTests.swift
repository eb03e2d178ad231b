import Foundation
import SQLKit
import Testing

@testable import Ledger

/// Seals with a text naming the number, as the server's sealer would with a real key.
@Sendable private func seal(_ draft: ReceiptDraft) -> ReceiptSealing {
    ReceiptSealing(kid: "0011223344556677", seal: "BL1:\(draft.number.series)-\(draft.number.number)", amountInWords: "—")
}

/// Codes taken in turn from a list, so a test decides when they collide.
private final class CodeSource: @unchecked Sendable {
    private var codes: [String]
    private let lock = NSLock()
    init(_ codes: [String]) { self.codes = codes }
    func next(_ unit: CommuneUnit, _ bill: NewBill) -> BillQR {
        lock.withLock {
            let code = codes.removeFirst()
            return BillQR(code: code, payload: "PAYLOAD \(code) \(bill.amount)")
        }
    }
}

/// Pays the first open bill whose amount due equals the payment; otherwise waits.
@Sendable private func decide(_ payment: NewPayment, _ bills: [Bill]) -> PaymentDecision {
    guard let bill = bills.first else { return .waits(.unmatched, billId: nil, note: "no bill code in the content") }
    let due = bill.amount - bill.paidAmount
    if payment.amount == due { return .pays(billId: bill.id) }
    return .waits(payment.amount < due ? .partial : .excess, billId: bill.id, note: "amount differs")
}

private func school(in ledger: Ledger, beforeProvinces: Bool = false) async throws -> CommuneUnit {
    let commune =
        beforeProvinces
        ? try await communeBeforeProvinces(in: ledger, province: "Thanh Hóa")
        : try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa")).id
    return try await ledger.createUnit(NewCommuneUnit(kind: .school, name: "Trường Tiểu học Điện Biên", communeId: commune))
}

private let tuition = NewBill(
    payerName: "Lê Văn Bình",
    payerReference: "HS0042 3A",
    feeType: "Học phí tháng 9",
    amount: 1_250_000,
    dueDate: "2026-09-30"
)

private func transfer(_ id: String, _ amount: UInt64, _ content: String) -> NewPayment {
    NewPayment(
        source: .webhook,
        bankTransactionId: id,
        amount: amount,
        content: content,
        payerName: "LE VAN BINH",
        paidAt: Date(timeIntervalSince1970: 1_790_000_000)
    )
}

@Suite("Bills and payments")
struct BillAndPaymentTests {
    @Test("bills are created all or nothing, each with its own code; a code the unit used is asked for again", arguments: TestDatabase.all)
    func create(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let codes = CodeSource(["HP26 AAAAA", "HP26 AAAAA", "HP26 BBBBB", "HP26 AAAAA", "HP26 CCCCC"])
            let first = try await ledger.createBills([tuition, tuition], unit: unit.id, by: "k", qr: codes.next)
            #expect(first.map(\.code) == ["HP26 AAAAA", "HP26 BBBBB"])
            #expect(first.allSatisfy { $0.status == .open && $0.paidAmount == 0 && $0.dueDate == "2026-09-30" })
            let second = try await ledger.createBills([tuition], unit: unit.id, by: "k", qr: codes.next)
            #expect(second.map(\.code) == ["HP26 CCCCC"])
            var bad = tuition
            bad.amount = 0
            bad.dueDate = "2026-02-30"
            let error = await #expect(throws: LedgerError.self) {
                try await ledger.createBills([tuition, bad], unit: unit.id, lines: [2, 3], by: "k", qr: codes.next)
            }
            guard case .invalid(let problems)? = error else {
                Issue.record("not invalid: \(String(describing: error))")
                return
            }
            #expect(problems.map(\.field) == ["amount", "dueDate"])
            #expect(problems.allSatisfy { $0.line == 3 })
            #expect(try await ledger.listBills(unit: unit.id).items.count == 3)
        }
    }

    @Test("a transfer that matches pays the bill and is receipted; sent again it changes nothing", arguments: TestDatabase.all)
    func pays(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let bill = try await ledger.createBills([tuition], unit: unit.id, by: "k", qr: CodeSource(["HP26 7K3QX"]).next)[0]
            let payment = transfer("FT2609301234", 1_250_000, "MBVCB.123.HP26 7K3QX.LE VAN BINH")
            let recorded = try await ledger.recordPayments([(payment, ["HP26 7K3QX"])], unit: unit.id, by: "hook", decide: decide)
            #expect(recorded.map(\.created) == [true])
            #expect(recorded[0].payment.status == .matched && recorded[0].payment.awaitsReceipt)
            let (receipt, created) = try await ledger.receiptPayment(recorded[0].payment.id, by: "hook", seal: seal)
            #expect(created)
            #expect(receipt.billId == bill.id && receipt.amount == 1_250_000 && receipt.method == .qr)
            #expect(try await ledger.payment(recorded[0].payment.id).receiptId == receipt.id)
            #expect(receipt.payerName == "Lê Văn Bình" && receipt.feeType == "Học phí tháng 9")
            let paid = try await ledger.bill(bill.id)
            #expect(paid.status == .paid && paid.paidAmount == 1_250_000 && paid.receiptId == receipt.id)

            let again = try await ledger.recordPayments([(payment, ["HP26 7K3QX"])], unit: unit.id, by: "hook", decide: decide)
            #expect(again.map(\.created) == [false])
            #expect(again[0].payment.id == recorded[0].payment.id)
            let replay = try await ledger.receiptPayment(recorded[0].payment.id, by: "hook", seal: seal)
            #expect(replay.receipt == receipt && !replay.created)
            #expect(try await ledger.listReceipts(unit: unit.id).items.count == 1)
        }
    }

    @Test("the same notification delivered many times at once is recorded once", arguments: TestDatabase.all)
    func concurrentReplays(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            _ = try await ledger.createBills([tuition], unit: unit.id, by: "k", qr: CodeSource(["HP26 7K3QX"]).next)
            let payment = transfer("FT2609301234", 1_250_000, "HP26 7K3QX")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let recorded = try await ledger.recordPayments([(payment, ["HP26 7K3QX"])], unit: unit.id, by: "hook", decide: decide)
                        _ = try await ledger.receiptPayment(recorded[0].payment.id, by: "hook", seal: seal)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await ledger.listPayments(unit: unit.id).items.count == 1)
            #expect(try await ledger.listReceipts(unit: unit.id).items.count == 1)
        }
    }

    @Test("partial and unmatched transfers wait; a person matches them, and two partials pay the bill", arguments: TestDatabase.all)
    func inbox(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let bill = try await ledger.createBills([tuition], unit: unit.id, by: "k", qr: CodeSource(["HP26 7K3QX"]).next)[0]
            let recorded = try await ledger.recordPayments(
                [
                    (transfer("T1", 600_000, "HP26 7K3QX dot 1"), ["HP26 7K3QX"]),
                    (transfer("T2", 650_000, "hoc phi be Binh"), []),
                ],
                unit: unit.id,
                by: "statement",
                decide: decide
            )
            #expect(recorded.map(\.payment.status) == [.partial, .unmatched])
            #expect(recorded.allSatisfy { $0.receipt == nil })
            #expect(try await ledger.listPayments(unit: unit.id, waiting: true).items.count == 2)

            let first = try await ledger.resolvePayment(
                recorded[0].payment.id,
                billId: bill.id,
                payerName: nil,
                feeType: nil,
                by: "key:1",
                seal: seal
            )
            #expect(first.payment.status == .resolved && first.receipt.amount == 600_000 && first.receipt.method == .transfer && first.created)
            #expect(try await ledger.bill(bill.id).status == .open)
            #expect(try await ledger.bill(bill.id).paidAmount == 600_000)
            _ = try await ledger.resolvePayment(recorded[1].payment.id, billId: bill.id, payerName: nil, feeType: nil, by: "key:1", seal: seal)
            let paid = try await ledger.bill(bill.id)
            #expect(paid.status == .paid && paid.paidAmount == 1_250_000)
            #expect(try await ledger.listPayments(unit: unit.id, waiting: true).items.isEmpty)
            await #expect(throws: LedgerError.self) {
                try await ledger.resolvePayment(recorded[1].payment.id, billId: nil, payerName: "A", feeType: "B", by: "key:1", seal: seal)
            }
        }
    }

    @Test("a payment receipted without a bill needs a payer and a fee; a cash receipt settles its bill", arguments: TestDatabase.all)
    func withoutBill(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let recorded = try await ledger.recordPayments(
                [(transfer("T9", 50_000, "ung ho quy lop"), [])],
                unit: unit.id,
                by: "hook",
                decide: decide
            )
            let error = await #expect(throws: LedgerError.self) {
                try await ledger.resolvePayment(recorded[0].payment.id, billId: nil, payerName: nil, feeType: nil, by: "k", seal: seal)
            }
            guard case .invalid(let problems)? = error else {
                Issue.record("not invalid: \(String(describing: error))")
                return
            }
            #expect(problems.map(\.field) == ["feeType"], "the payer's name comes from the bank")
            let done = try await ledger.resolvePayment(
                recorded[0].payment.id,
                billId: nil,
                payerName: nil,
                feeType: "Quỹ lớp",
                by: "k",
                seal: seal
            )
            #expect(done.receipt.payerName == "LE VAN BINH")

            let bill = try await ledger.createBills([tuition], unit: unit.id, by: "k", qr: CodeSource(["HP26 CASH2"]).next)[0]
            let cash = NewReceipt(payerName: bill.payerName, feeType: bill.feeType, amount: bill.amount, method: .cash, billId: bill.id)
            _ = try await ledger.issueReceipt(cash, unitId: unit.id, by: "k", seal: seal)
            #expect(try await ledger.bill(bill.id).status == .paid)
            let twice = await #expect(throws: LedgerError.self) {
                try await ledger.issueReceipt(cash, unitId: unit.id, by: "k", seal: seal)
            }
            guard case .conflict? = twice else {
                Issue.record("a paid bill is not paid twice")
                return
            }
        }
    }

    @Test("a transaction id written in other case or with spaces is the same transfer: recorded once", arguments: TestDatabase.all)
    func transactionIdsAsBanksWriteThem(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let unit = try await school(in: ledger)
            let first = try await ledger.recordPayments(
                [(transfer("FT26273812345", 500_000, "ung ho"), [])],
                unit: unit.id,
                by: "hook",
                decide: decide
            )
            let again = try await ledger.recordPayments(
                [(transfer("ft26273 812345", 500_000, "ung ho"), [])],
                unit: unit.id,
                by: "statement",
                decide: decide
            )
            #expect(first.map(\.created) == [true] && again.map(\.created) == [false])
            #expect(again[0].payment.id == first[0].payment.id)
            #expect(try await ledger.listPayments(unit: unit.id).items.map(\.bankTransactionId) == ["FT26273812345"])
        }
    }

    @Test(
        "migration 9 writes the transaction ids recorded before as banks' keys, and keeps both of a pair recorded twice",
        arguments: TestDatabase.all
    )
    func transactionKeyMigration(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await withRunningLedger(url) { ledger in
                #expect(try await ledger.migrate(upTo: 8) == Array(1...8))
                let unit = try await school(in: ledger, beforeProvinces: true)
                // As an older server stored them: as the bank wrote them.
                try await ledger.backend.withDatabase(logger: .quiet) { database in
                    for id in ["ft 77", "ft88", "FT88"] {
                        try await database.insert(into: "payments")
                            .columns("unit_id", "source", "bank_txn_id", "amount", "content", "paid_at", "status", "created_at", "created_by")
                            .values(
                                SQLBind(unit.id),
                                SQLBind("webhook"),
                                SQLBind(id),
                                SQLBind(Int64(1_000)),
                                SQLBind("x"),
                                SQLBind(Date()),
                                SQLBind("unmatched"),
                                SQLBind(Date()),
                                SQLBind("hook")
                            )
                            .run()
                    }
                }
                #expect(try await ledger.migrate(upTo: 9) == [9])
                _ = try await ledger.migrate()
                let ids = try await ledger.listPayments(unit: unit.id).items.map(\.bankTransactionId)
                #expect(Set(ids) == ["FT77", "ft88", "FT88"])
            }
        }
    }
}
