import Foundation
import Rules
import SQLKit

extension Ledger {
    static let paymentColumns = propertyColumns([
        "id", "unit_id", "source", "bank_txn_id", "amount", "content", "payer_name", "paid_at", "status", "note",
        "bill_id", "receipt_id", "created_at",
    ])

    /// One payment the bank reported and what became of it.
    public struct RecordedPayment: Sendable, Hashable {
        public var payment: Payment
        /// False when the bank's transaction id was recorded before: nothing changed.
        public var created: Bool
        /// The receipt it was given, when it paid a bill.
        public var receipt: Receipt?
    }

    /// Records what unit `unitId`'s bank reported, in one transaction: each payment whose
    /// transaction id the unit has not recorded yet is stored, and `decide` (given the unit's open
    /// bills whose codes its content holds, `codes`) says whether it pays one, in which case the
    /// bill is settled and receipted, sealed by `seal`; otherwise it waits in the inbox. A
    /// transaction id recorded before changes nothing, so a notification sent twice counts once.
    public func recordPayments(
        _ payments: [(payment: NewPayment, codes: [String])],
        unit unitId: Int64,
        by author: String,
        decide: @Sendable (NewPayment, [Bill]) -> PaymentDecision,
        seal: @Sendable (ReceiptDraft) throws -> ReceiptSealing
    ) async throws -> [RecordedPayment] {
        var problems: [FieldProblem] = []
        for (index, entry) in payments.enumerated() {
            var check = FieldChecker(line: payments.count > 1 ? index + 1 : nil)
            _ = check.required(entry.payment.bankTransactionId, "transactionId", limit: 100)
            check.amount(entry.payment.amount)
            problems += check.problems
        }
        guard problems.isEmpty else { throw LedgerError.invalid(problems) }
        for attempt in 1...2 {
            do {
                return try await backend.transaction(logger: logger) { database in
                    var recorded: [RecordedPayment] = []
                    for (new, codes) in payments {
                        recorded.append(
                            try await self.record(
                                new,
                                codes: codes,
                                unitId: unitId,
                                by: author,
                                decide: decide,
                                seal: seal,
                                in: database
                            )
                        )
                    }
                    return recorded
                }
            } catch {
                // The same notification delivered twice at once: the later insert met the earlier
                // one's transaction id and rolled back. Once more, the earlier one is found and kept.
                let ids = payments.map { TransactionID.key($0.payment.bankTransactionId) }
                guard attempt == 1,
                    try await backend.withDatabase(
                        logger: logger,
                        { database in
                            try await database.select().column("id").from("payments").where("unit_id", .equal, unitId)
                                .where("bank_txn_id", .in, ids).first() != nil
                        }
                    )
                else { throw error }
            }
        }
        preconditionFailure("the second attempt returns or throws")
    }

    private func record(
        _ new: NewPayment,
        codes: [String],
        unitId: Int64,
        by author: String,
        decide: @Sendable (NewPayment, [Bill]) -> PaymentDecision,
        seal: @Sendable (ReceiptDraft) throws -> ReceiptSealing,
        in database: any SQLDatabase
    ) async throws -> RecordedPayment {
        let transactionId = TransactionID.key(new.bankTransactionId)
        if let earlier = try await Self.payment(unit: unitId, transactionId: transactionId, in: database) {
            return RecordedPayment(payment: earlier, created: false, receipt: nil)
        }
        let bills =
            codes.isEmpty
            ? []
            : try await database.select().columns(Self.billColumns).from("bills")
                .where("unit_id", .equal, unitId).where("code", .in, codes).where("status", .equal, Bill.Status.open.rawValue)
                .all(decoding: BillRow.self).map(\.bill)
        var status: Payment.Status
        var billId: Int64?
        var note: String?
        var receipt: Receipt?
        switch decide(new, bills) {
        case .pays(let paid):
            guard let bill = bills.first(where: { $0.id == paid }) else {
                throw LedgerError.unexpected("a decision to pay bill \(paid), which is not among the open bills found")
            }
            let fee = NewReceipt(
                payerName: bill.payerName,
                payerReference: bill.payerReference,
                feeType: bill.feeType,
                amount: new.amount,
                method: .qr,
                billId: bill.id
            )
            receipt = try await insertReceipt(
                try Self.check(fee, formCode: nil, idempotencyKey: nil),
                issuer: try await Self.issuer(unitId, in: database),
                formCode: nil,
                idempotencyKey: nil,
                by: author,
                supersedes: nil,
                seal: seal,
                in: database
            )
            (status, billId, note) = (.matched, bill.id, "paid bill \(bill.code)")
        case let .waits(waiting, bill, reason):
            (status, billId, note) = (waiting, bill, reason)
        }
        let row = try await database.insert(into: "payments")
            .columns(
                "unit_id",
                "source",
                "bank_txn_id",
                "amount",
                "content",
                "payer_name",
                "paid_at",
                "status",
                "note",
                "bill_id",
                "receipt_id",
                "created_at",
                "created_by"
            )
            .values(
                SQLBind(unitId),
                SQLBind(new.source.rawValue),
                SQLBind(transactionId),
                SQLBind(Int64(new.amount)),
                SQLBind(new.content),
                SQLBind(new.payerName),
                SQLBind(new.paidAt),
                SQLBind(status.rawValue),
                SQLBind(note),
                SQLBind(billId),
                SQLBind(receipt?.id),
                SQLBind(self.now()),
                SQLBind(author)
            )
            .returning(Self.paymentColumns)
            .first(decoding: PaymentRow.self)
        return RecordedPayment(payment: try expect(row, "the payment just inserted").payment, created: true, receipt: receipt)
    }

    /// A person resolves payment `id`, which waits in the inbox: it is receipted against bill
    /// `billId` (whose payer and fee the receipt takes; the bill is paid once what came covers
    /// it), or, without a bill, for `payerName` and `feeType`.
    public func resolvePayment(
        _ id: Int64,
        billId: Int64?,
        payerName: String?,
        feeType: String?,
        by author: String,
        seal: @Sendable (ReceiptDraft) throws -> ReceiptSealing
    ) async throws -> (payment: Payment, receipt: Receipt) {
        try await backend.transaction(logger: logger) { database in
            guard
                let payment = try await database.select().columns(Self.paymentColumns).from("payments").where("id", .equal, id)
                    .for(.update).first(decoding: PaymentRow.self)?.payment
            else { throw LedgerError.notFound(.payment, id: id) }
            guard payment.status.isOpen else {
                throw LedgerError.conflict(FieldProblem(field: "status", reason: "payment \(id) is \(payment.status.rawValue) already"))
            }
            let fee: NewReceipt
            if let billId {
                let bill = try await Self.openBill(billId, unit: payment.unitId, in: database)
                fee = NewReceipt(
                    payerName: bill.payerName,
                    payerReference: bill.payerReference,
                    feeType: bill.feeType,
                    amount: payment.amount,
                    method: .transfer,
                    billId: bill.id
                )
            } else {
                fee = NewReceipt(
                    payerName: payerName ?? payment.payerName ?? "",
                    feeType: feeType ?? "",
                    amount: payment.amount,
                    method: .transfer
                )
            }
            let receipt = try await self.insertReceipt(
                try Self.check(fee, formCode: nil, idempotencyKey: nil),
                issuer: try await Self.issuer(payment.unitId, in: database),
                formCode: nil,
                idempotencyKey: nil,
                by: author,
                supersedes: nil,
                seal: seal,
                in: database
            )
            var resolved = payment
            resolved.status = .resolved
            resolved.billId = billId
            resolved.receiptId = receipt.id
            resolved.note = "resolved by \(author)" + (billId.map { " against bill \($0)" } ?? "")
            try await database.update("payments").set("status", to: resolved.status.rawValue).set("bill_id", to: billId)
                .set("receipt_id", to: receipt.id).set("note", to: resolved.note).where("id", .equal, id).run()
            return (resolved, receipt)
        }
    }

    /// The payment with `id`.
    public func payment(_ id: Int64) async throws -> Payment {
        try await backend.withDatabase(logger: logger) { database in
            guard
                let row = try await database.select().columns(Self.paymentColumns).from("payments").where("id", .equal, id)
                    .first(decoding: PaymentRow.self)
            else { throw LedgerError.notFound(.payment, id: id) }
            return row.payment
        }
    }

    /// The payments of a unit, by ascending id: those waiting for a person (`waiting` true), those
    /// done (false), or all (nil).
    public func listPayments(unit unitId: Int64, waiting: Bool? = nil, page: PageRequest = .init()) async throws -> Page<Payment> {
        try page.check()
        return try await backend.withDatabase(logger: logger) { database in
            let query = database.select().columns(Self.paymentColumns).from("payments").where("unit_id", .equal, unitId)
            let open = Payment.Status.allCases.filter(\.isOpen).map(\.rawValue)
            if let waiting { query.where("status", waiting ? .in : .notIn, open) }
            let rows = try await query.page(page, decoding: PaymentRow.self)
            return Page(items: rows.items.map(\.payment), nextCursor: rows.nextCursor)
        }
    }

    private static func payment(unit: Int64, transactionId: String, in database: any SQLDatabase) async throws -> Payment? {
        try await database.select().columns(paymentColumns).from("payments")
            .where("unit_id", .equal, unit).where("bank_txn_id", .equal, transactionId)
            .first(decoding: PaymentRow.self)?.payment
    }
}

/// A `payments` row: amounts as signed integers.
struct PaymentRow: Decodable, Identifiable {
    var id: Int64
    var unitId: Int64
    var source: Payment.Source
    var bankTxnId: String
    var amount: Int64
    var content: String
    var payerName: String?
    var paidAt: Date
    var status: Payment.Status
    var note: String?
    var billId: Int64?
    var receiptId: Int64?
    var createdAt: Date

    var payment: Payment {
        Payment(
            id: id,
            unitId: unitId,
            source: source,
            bankTransactionId: bankTxnId,
            amount: UInt64(amount),
            content: content,
            payerName: payerName,
            paidAt: paidAt,
            status: status,
            note: note,
            billId: billId,
            receiptId: receiptId,
            createdAt: createdAt
        )
    }
}
