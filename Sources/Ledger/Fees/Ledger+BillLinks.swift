import Foundation
import Rules
import SQLKit

/// A bill's public link and its cancellation: what the payer's page (`/p/<token>`) reads, and
/// what the unit may do to a bill issued by mistake.
extension Ledger {
    /// A new link secret: 24 bytes (192 bits) from the system's secure random source, base64url
    /// without padding (32 characters).
    static func newPayToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bill whose link secret is `token`; nil when none is (never was, or was revoked or
    /// renewed): the payer's page tells these apart from nothing.
    public func bill(payToken token: String) async throws -> Bill? {
        guard token.utf8.count == 32, token.utf8.allSatisfy({ Self.base64url.contains($0) }) else { return nil }
        return try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.billColumns).from("bills").where("pay_token", .equal, token)
                .first(decoding: BillRow.self)?.bill
        }
    }

    private static let base64url = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8))

    /// Gives unit `unitId`'s bill `id` a new link (the old one then leads nowhere), or none when
    /// `renew` is false (revoked: the bill has no public page until it is given a new link).
    public func changePayLink(_ id: Int64, unit unitId: Int64, renew: Bool) async throws -> Bill {
        try await backend.transaction(logger: logger) { database in
            let bill = try await Self.lockedBill(id, unit: unitId, in: database)
            let token = renew ? Self.newPayToken() : nil
            try await database.update("bills").set("pay_token", to: token).where("id", .equal, id).run()
            var changed = bill
            changed.payToken = token
            return changed
        }
    }

    /// Cancels unit `unitId`'s bill `id`, issued by mistake, for `reason` (required): it is kept
    /// with who cancelled it and why, no transfer pays it any more (one that names it waits in the
    /// inbox), and its link says it is cancelled. A bill that has received money is not cancelled:
    /// its receipts are replaced or adjusted instead.
    public func cancelBill(_ id: Int64, unit unitId: Int64, reason: String, by author: String) async throws -> Bill {
        var check = FieldChecker()
        let reason = check.required(reason, "reason", limit: 200)
        try check.finish()
        let now = self.now()
        return try await backend.transaction(logger: logger) { database in
            let bill = try await Self.lockedBill(id, unit: unitId, in: database)
            switch bill.status {
            case .cancelled:
                throw LedgerError.conflict(FieldProblem(field: "billId", reason: "bill \(bill.code) was cancelled already"))
            case .paid:
                throw LedgerError.conflict(
                    FieldProblem(field: "billId", reason: "bill \(bill.code) is paid: replace or adjust its receipt instead of cancelling it")
                )
            case .open where bill.paidAmount > 0:
                throw LedgerError.conflict(
                    FieldProblem(
                        field: "billId",
                        reason: "bill \(bill.code) has received \(bill.paidAmount) đồng: replace or adjust its receipts instead of cancelling it"
                    )
                )
            case .open: break
            }
            try await database.update("bills")
                .set("status", to: Bill.Status.cancelled.rawValue).set("cancelled_at", to: now)
                .set("cancelled_by", to: author).set("cancel_reason", to: reason)
                .where("id", .equal, id).run()
            var cancelled = bill
            cancelled.status = .cancelled
            cancelled.cancelledAt = now
            cancelled.cancelledBy = author
            cancelled.cancelReason = reason
            return cancelled
        }
    }

    /// The receipt that stands for receipt `id`: itself while it is issued, else the receipt that
    /// replaced or adjusted it, followed to the last (what a payer's link shows once its receipt
    /// was mended).
    public func standingReceipt(from id: Int64) async throws -> Receipt {
        try await backend.withDatabase(logger: logger) { database in
            var current = id
            // A chain is as long as the mendings of one receipt; the bound only stops a cycle.
            for _ in 0..<1000 {
                guard
                    let next = try await database.select().column("id").from("receipts").where("supersedes_id", .equal, current)
                        .orderBy("id", .descending).first(decodingColumn: "id", as: Int64.self)
                else { break }
                current = next
            }
            guard
                let row = try await database.select().columns(Self.receiptColumns).from("receipts").where("id", .equal, current)
                    .first(decoding: ReceiptRow.self)
            else { throw LedgerError.notFound(.receipt, id: current) }
            return try row.receipt()
        }
    }

    /// Bill `id` under its row lock, refused alike whether it does not exist or is another unit's.
    private static func lockedBill(_ id: Int64, unit unitId: Int64, in database: any SQLDatabase) async throws -> Bill {
        guard
            let bill = try await database.select().columns(billColumns).from("bills").where("id", .equal, id)
                .where("unit_id", .equal, unitId).for(.update).first(decoding: BillRow.self)?.bill
        else {
            throw LedgerError.invalidReference(FieldProblem(field: "billId", code: .unknownReference, reason: "the unit has no bill \(id)"))
        }
        return bill
    }
}
