import SQLKit

extension Migration {
    /// Version 11: a payment is recorded whether or not its receipt can be sealed, and receipted at
    /// most once. `receipts.payment_id` names the payment a receipt was issued for, unique, so the
    /// database itself refuses a second receipt for one payment (from any server);
    /// `payments.receipt_problem` says why a payment that paid its bill still waits for its receipt.
    /// `receipts.idempotency_fingerprint` binds an idempotency key to the request that used it first
    /// (its operation and what it asked for), so the same key with another request is refused.
    static let paymentReceipts = Migration(version: 11, name: "payment receipts") { database in
        try await database.alter(table: "receipts").column("payment_id", type: .bigint, .references("payments", "id")).run()
        try await database.alter(table: "receipts").column("idempotency_fingerprint", type: .text).run()
        try await database.alter(table: "payments").column("receipt_problem", type: .text).run()
        // The receipts issued before for payments (a match, or a person's), linked back.
        try await database.raw(
            """
            UPDATE receipts SET payment_id = (SELECT payments.id FROM payments WHERE payments.receipt_id = receipts.id)
            WHERE id IN (SELECT receipt_id FROM payments WHERE receipt_id IS NOT NULL)
            """
        ).run()
        try await database.create(index: "receipts_payment").unique().on("receipts").column("payment_id").run()
        // The payments that paid their bill but wait for their receipt: what the retry reads.
        try await database.raw("CREATE INDEX payments_awaiting_receipt ON payments (unit_id, id) WHERE status = 'matched' AND receipt_id IS NULL")
            .run()
    }
}
