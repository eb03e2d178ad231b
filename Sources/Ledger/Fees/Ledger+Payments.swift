import Foundation
import Rules
import SQLKit

extension Ledger {
    static let paymentColumns = propertyColumns([
        "id", "unit_id", "source", "bank_txn_id", "amount", "content", "payer_name", "paid_at", "status", "note",
        "bill_id", "receipt_id", "created_at", "receipt_problem",
    ])

    /// The longest reason kept for a receipt that waits (``Payment/receiptProblem``).
    static let receiptProblemLimit = 500

    /// One payment the bank reported and what became of it.
    public struct RecordedPayment: Sendable, Hashable {
        public var payment: Payment
        /// False when the bank's transaction id was recorded before: nothing changed.
        public var created: Bool
        /// The receipt it was given, when it paid a bill and its receipt was issued.
        public var receipt: Receipt?

        public init(payment: Payment, created: Bool, receipt: Receipt? = nil) {
            self.payment = payment
            self.created = created
            self.receipt = receipt
        }
    }

    /// Records what unit `unitId`'s bank reported, in one transaction of its own that seals
    /// nothing, so that money that came is never lost to a receipt that cannot be sealed: each
    /// payment whose transaction id the unit has not recorded yet is stored, and `decide` (given
    /// the unit's open bills whose codes its content holds, `codes`, under their row locks) says
    /// whether it pays one, in which case the bill is settled at once and the payment is `matched`,
    /// its receipt to be issued by ``receiptPayment(_:by:seal:)``; otherwise it waits in the inbox.
    /// A transaction id recorded before changes nothing, so a notification sent twice counts once.
    public func recordPayments(
        _ payments: [(payment: NewPayment, codes: [String])],
        unit unitId: Int64,
        by author: String,
        decide: @Sendable (NewPayment, [Bill]) -> PaymentDecision
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
                        recorded.append(try await self.record(new, codes: codes, unitId: unitId, by: author, decide: decide, in: database))
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
        in database: any SQLDatabase
    ) async throws -> RecordedPayment {
        let transactionId = TransactionID.key(new.bankTransactionId)
        if let earlier = try await Self.payment(unit: unitId, transactionId: transactionId, in: database) {
            return RecordedPayment(payment: earlier, created: false)
        }
        // Under their row locks, in order of id: what is decided from them stays true until the commit.
        let bills =
            codes.isEmpty
            ? []
            : try await database.select().columns(Self.billColumns).from("bills")
                .where("unit_id", .equal, unitId).where("code", .in, codes).where("status", .equal, Bill.Status.open.rawValue)
                .orderBy("id").for(.update)
                .all(decoding: BillRow.self).map(\.bill)
        var status: Payment.Status
        var billId: Int64?
        var note: String?
        switch decide(new, bills) {
        case .pays(let paid):
            guard let bill = bills.first(where: { $0.id == paid }) else {
                throw LedgerError.unexpected("a decision to pay bill \(paid), which is not among the open bills found")
            }
            try await Self.settle(bill, amount: new.amount, receiptId: nil, in: database)
            (status, billId, note) = (.matched, bill.id, "paid bill \(bill.code)")
        case let .waits(waiting, bill, reason):
            (status, billId, note) = (waiting, bill, reason)
            if waiting == .unmatched, bill == nil, !codes.isEmpty {
                // A transfer that names a cancelled bill waits, saying so: the bursar refunds it or receipts it for a fee.
                let cancelled = try await database.select().column("code").from("bills")
                    .where("unit_id", .equal, unitId).where("code", .in, codes).where("status", .equal, Bill.Status.cancelled.rawValue)
                    .orderBy("id").all(decodingColumn: "code", as: String.self)
                if !cancelled.isEmpty {
                    let named = cancelled.joined(separator: ", ")
                    note = "nội dung ghi mã của phiếu đã huỷ \(named): hoàn trả hoặc lập biên lai cho khoản thu khác (names a cancelled bill)"
                }
            }
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
                SQLBind(self.now()),
                SQLBind(author)
            )
            .returning(Self.paymentColumns)
            .first(decoding: PaymentRow.self)
        return RecordedPayment(payment: try expect(row, "the payment just inserted").payment, created: true)
    }

    /// Issues the receipt of payment `id`, which paid its bill when it was recorded (status
    /// `matched`), sealed by `seal`, in a transaction of its own. At most once, however many
    /// requests and servers try at once: the payment's row is locked while its receipt is issued,
    /// and the database holds one receipt per payment (a unique index). Returns the receipt, and
    /// whether this call issued it (false: it was issued before). When sealing fails nothing is
    /// written (the number is not taken) and the error is thrown: the payment stays recorded,
    /// waiting for the next try. A payment that waits for a person is a conflict: their match
    /// receipts it (``resolvePayment(_:billId:payerName:feeType:idempotency:by:seal:)``).
    public func receiptPayment(
        _ id: Int64,
        by author: String,
        seal: @Sendable (ReceiptDraft) throws -> ReceiptSealing
    ) async throws -> (receipt: Receipt, created: Bool) {
        do {
            let issued = try await backend.transaction(logger: logger) { database in
                let payment = try await Self.lockedPayment(id, in: database)
                if let receiptId = payment.receiptId { return (try await Self.receipt(receiptId, in: database), false) }
                guard payment.status == .matched, let billId = payment.billId else {
                    throw LedgerError.conflict(
                        FieldProblem(
                            field: "status",
                            reason: "payment \(id) is \(payment.status.rawValue): it waits for a person to match it to a bill"
                        )
                    )
                }
                guard
                    let bill = try await database.select().columns(Self.billColumns).from("bills").where("id", .equal, billId)
                        .for(.update).first(decoding: BillRow.self)?.bill
                else { throw LedgerError.unexpected("bill \(billId) of payment \(id) is missing") }
                let fee = NewReceipt(
                    payerName: bill.payerName,
                    payerReference: bill.payerReference,
                    feeType: bill.feeType,
                    amount: payment.amount,
                    method: .qr,
                    billId: bill.id
                )
                let receipt = try await self.insertReceipt(
                    try Self.check(fee, formCode: nil, idempotencyKey: nil),
                    issuer: try await Self.issuer(payment.unitId, in: database),
                    formCode: nil,
                    idempotency: nil,
                    by: author,
                    supersedes: nil,
                    payment: id,
                    billSettled: true,
                    seal: seal,
                    in: database
                )
                try await database.update("payments").set("receipt_id", to: receipt.id).set("receipt_problem", to: String?.none)
                    .where("id", .equal, id).run()
                try await database.update("bills").set("receipt_id", to: receipt.id)
                    .where("id", .equal, bill.id).where("receipt_id", .is, SQLLiteral.null).run()
                return (receipt, true)
            }
            if issued.1 { deliveryBell.ring() }
            return issued
        } catch {
            // The database refused a second receipt for the payment: the one issued meanwhile is the answer.
            if let receipt = try? await backend.withDatabase(
                logger: logger,
                { database -> Receipt? in
                    guard let receiptId = try await Self.payment(id, in: database)?.receiptId else { return nil }
                    return try await Self.receipt(receiptId, in: database)
                }
            ) {
                return (receipt, false)
            }
            throw error
        }
    }

    /// Notes why payment `id`'s receipt could not be issued, for the unit's inbox (cut to 500
    /// characters); nothing when it has its receipt by now.
    public func noteReceiptProblem(_ reason: String, payment id: Int64) async throws {
        let text = String(reason.prefix(Self.receiptProblemLimit))
        try await backend.withDatabase(logger: logger) { database in
            try await database.update("payments").set("receipt_problem", to: text)
                .where("id", .equal, id).where("receipt_id", .is, SQLLiteral.null)
                .where { $0.where("receipt_problem", .is, SQLLiteral.null).orWhere("receipt_problem", .notEqual, text) }
                .run()
        }
    }

    /// The payments that paid their bill but wait for their receipt, of unit `unitId` or of every
    /// unit, oldest first, at most `limit` (with an id above `after`, to read on).
    public func paymentsAwaitingReceipt(unit unitId: Int64? = nil, after: Int64 = 0, limit: Int = 100) async throws -> [Payment] {
        try await backend.withDatabase(logger: logger) { database in
            let query = database.select().columns(Self.paymentColumns).from("payments")
                .where("status", .equal, SQLLiteral.string(Payment.Status.matched.rawValue)).where("receipt_id", .is, SQLLiteral.null)
                .where("id", .greaterThan, after)
            if let unitId { query.where("unit_id", .equal, unitId) }
            return try await query.orderBy("id").limit(limit).all(decoding: PaymentRow.self).map(\.payment)
        }
    }

    /// A person resolves payment `id`, which waits in the inbox: it is receipted against bill
    /// `billId` (whose payer and fee the receipt takes; the bill is paid once what came covers
    /// it), or, without a bill, for `payerName` and `feeType`. With `idempotency` (a page form's
    /// one-time token, an API client's key) used before for the same request, nothing changes and
    /// the receipt it gave is returned with `created` false; used for another request, it is
    /// refused. A payment has one receipt at most (a unique index).
    public func resolvePayment(
        _ id: Int64,
        billId: Int64?,
        payerName: String?,
        feeType: String?,
        idempotency: IdempotencyClaim? = nil,
        by author: String,
        seal: @Sendable (ReceiptDraft) throws -> ReceiptSealing
    ) async throws -> (payment: Payment, receipt: Receipt, created: Bool) {
        if let key = idempotency?.key, key.isEmpty || key.count > 200 {
            throw LedgerError.invalid([FieldProblem(field: "Idempotency-Key", reason: "must be 1 to 200 characters")])
        }
        let resolved = try await backend.transaction(logger: logger) { database in
            let payment = try await Self.lockedPayment(id, in: database)
            if let idempotency, let earlier = try await Self.receipt(unit: payment.unitId, idempotencyKey: idempotency.key, in: database) {
                return (payment, try Self.replay(earlier, for: idempotency), false)
            }
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
                idempotency: idempotency,
                by: author,
                supersedes: nil,
                payment: id,
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
            return (resolved, receipt, true)
        }
        if resolved.2 && resolved.1.billId != nil { deliveryBell.ring() }
        return resolved
    }

    /// The payment with `id`.
    public func payment(_ id: Int64) async throws -> Payment {
        try await backend.withDatabase(logger: logger) { database in
            guard let payment = try await Self.payment(id, in: database) else { throw LedgerError.notFound(.payment, id: id) }
            return payment
        }
    }

    /// The payments of a unit, by ascending id: those waiting for a person or for their receipt
    /// (`waiting` true), those done (false), or all (nil).
    public func listPayments(unit unitId: Int64, waiting: Bool? = nil, page: PageRequest = .init()) async throws -> Page<Payment> {
        try page.check()
        return try await backend.withDatabase(logger: logger) { database in
            let query = database.select().columns(Self.paymentColumns).from("payments").where("unit_id", .equal, unitId)
            let open = Payment.Status.allCases.filter(\.isOpen).map(\.rawValue)
            let matched = Payment.Status.matched.rawValue
            switch waiting {
            case true?:
                query.where { group in
                    group.where("status", .in, open).orWhere { $0.where("status", .equal, matched).where("receipt_id", .is, SQLLiteral.null) }
                }
            case false?:
                query.where("status", .notIn, open).where { $0.where("status", .notEqual, matched).orWhere("receipt_id", .isNot, SQLLiteral.null) }
            case nil:
                break
            }
            let rows = try await query.page(page, decoding: PaymentRow.self)
            return Page(items: rows.items.map(\.payment), nextCursor: rows.nextCursor)
        }
    }

    private static func payment(unit: Int64, transactionId: String, in database: any SQLDatabase) async throws -> Payment? {
        try await database.select().columns(paymentColumns).from("payments")
            .where("unit_id", .equal, unit).where("bank_txn_id", .equal, transactionId)
            .first(decoding: PaymentRow.self)?.payment
    }

    private static func payment(_ id: Int64, in database: any SQLDatabase) async throws -> Payment? {
        try await database.select().columns(paymentColumns).from("payments").where("id", .equal, id)
            .first(decoding: PaymentRow.self)?.payment
    }

    /// Payment `id` under its row lock (taken before a bill's and a counter's, on every path).
    private static func lockedPayment(_ id: Int64, in database: any SQLDatabase) async throws -> Payment {
        guard
            let payment = try await database.select().columns(paymentColumns).from("payments").where("id", .equal, id)
                .for(.update).first(decoding: PaymentRow.self)?.payment
        else { throw LedgerError.notFound(.payment, id: id) }
        return payment
    }

    /// The receipt with `id`, in the caller's transaction.
    static func receipt(_ id: Int64, in database: any SQLDatabase) async throws -> Receipt {
        guard
            let row = try await database.select().columns(receiptColumns).from("receipts").where("id", .equal, id)
                .first(decoding: ReceiptRow.self)
        else { throw LedgerError.notFound(.receipt, id: id) }
        return try row.receipt()
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
    var receiptProblem: String?

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
            createdAt: createdAt,
            receiptProblem: receiptProblem
        )
    }
}
