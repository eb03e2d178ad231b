import Billing
import Foundation
import Ledger
import Printing
import VietnamCalendar

/// Recording what a unit's bank reports, from a notification or a statement: each transfer's content
/// is searched for bill codes, and one that pays a bill's amount due settles it with a receipt.
/// The money is recorded first, in a transaction of its own that seals nothing, so a receipt that
/// cannot be sealed (the unit has no key yet, or this server cannot read it) never loses a payment:
/// its receipt is issued then, each in a transaction of its own, or on a later try.
public enum Payments {
    /// A receipt that could not be issued for a payment that paid its bill: it waits.
    public struct ReceiptFailure: Error, Sendable {
        public var paymentId: Int64
        /// What the unit's inbox shows, in Vietnamese (``Payment/receiptProblem``).
        public var reason: String
        /// What went wrong, for the log.
        public var error: any Error
    }

    /// What a bank's report became.
    public struct Recorded: Sendable {
        /// Each payment of the report, in order, as it stands now.
        public var payments: [Ledger.RecordedPayment]
        /// The receipts that wait, and why.
        public var failures: [ReceiptFailure]
    }

    /// Records `payments` for unit `unitId`, each transfer decided by ``decide(_:_:)``; the rest wait
    /// in the unit's inbox. Then each payment of the report that paid its bill and has no receipt
    /// yet (new, or recorded before: a bank's retry of the same notification is the next try) gets
    /// its receipt, sealed by `sealer`; one that cannot be sealed keeps waiting, with its reason.
    public static func record(
        _ payments: [NewPayment],
        unit unitId: Int64,
        by author: String,
        ledger: Ledger,
        sealer: ReceiptSealer
    ) async throws -> Recorded {
        var recorded = try await ledger.recordPayments(
            payments.map { ($0, BillCode.codes(in: $0.content).map(\.description)) },
            unit: unitId,
            by: author,
            decide: decide
        )
        var failures: [ReceiptFailure] = []
        for index in recorded.indices where recorded[index].payment.awaitsReceipt {
            switch await receipt(payment: recorded[index].payment.id, by: author, ledger: ledger, sealer: sealer) {
            case .success(let (receipt, _)):
                recorded[index].receipt = receipt
                recorded[index].payment.receiptId = receipt.id
                recorded[index].payment.receiptProblem = nil
            case .failure(let failure):
                recorded[index].payment.receiptProblem = failure.reason
                failures.append(failure)
            }
        }
        return Recorded(payments: recorded, failures: failures)
    }

    /// Issues the receipt of payment `paymentId`, which paid its bill (``Ledger/receiptPayment(_:by:seal:)``:
    /// at most once; `created` false when it had one already); when it cannot, the reason is noted
    /// on the payment for the inbox, and it waits.
    public static func receipt(
        payment paymentId: Int64,
        by author: String,
        ledger: Ledger,
        sealer: ReceiptSealer
    ) async -> Result<(receipt: Receipt, created: Bool), ReceiptFailure> {
        do {
            return .success(try await ledger.receiptPayment(paymentId, by: author, seal: { try sealer.seal($0) }))
        } catch {
            let reason = Self.reason(error)
            // The reason is for people; when even noting it fails, the payment still waits and is tried again.
            try? await ledger.noteReceiptProblem(reason, payment: paymentId)
            return .failure(ReceiptFailure(paymentId: paymentId, reason: reason, error: error))
        }
    }

    /// Tries again every receipt that waits (of unit `unitId`, or of every unit), oldest first;
    /// after one of a unit fails, the unit's others wait for the next round (they would fail alike).
    /// What `cashless serve` runs every minute. Returns the receipts issued and the failures.
    public static func receiptWaiting(
        unit unitId: Int64? = nil,
        by author: String,
        ledger: Ledger,
        sealer: ReceiptSealer
    ) async throws -> (issued: [Receipt], failures: [ReceiptFailure]) {
        var issued: [Receipt] = []
        var failures: [ReceiptFailure] = []
        var failedUnits = Set<Int64>()
        var after: Int64 = 0
        while true {
            let waiting = try await ledger.paymentsAwaitingReceipt(unit: unitId, after: after, limit: 100)
            guard let last = waiting.last else { break }
            after = last.id
            for payment in waiting where !failedUnits.contains(payment.unitId) {
                switch await receipt(payment: payment.id, by: author, ledger: ledger, sealer: sealer) {
                case .success(let (receipt, _)):
                    issued.append(receipt)
                case .failure(let failure):
                    failedUnits.insert(payment.unitId)
                    failures.append(failure)
                }
            }
        }
        return (issued, failures)
    }

    /// Why a receipt waits, in Vietnamese for the bursar (with the English after it, as notes are).
    static func reason(_ error: any Error) -> String {
        switch error {
        case SealingError.noKey(let unitId, _):
            "đơn vị chưa có khoá ký biên lai; tạo khoá bằng lệnh `cashless keys generate --unit \(unitId)` (the unit has no signing key)"
        case SealingError.keyUnreadable(let kid, _):
            "máy chủ này không đọc được khoá ký \(kid): tệp khoá bị thiếu hoặc sai mật khẩu (this server cannot read the signing key)"
        case SealingError.tooLong:
            "khoản thu hoặc mã người nộp của phiếu quá dài cho mã QR của biên lai (the sealed fields are too long)"
        default:
            "chưa lập được biên lai do lỗi hệ thống; sẽ thử lại (the receipt could not be issued; it is tried again)"
        }
    }

    /// What a transfer is, from the open bills whose codes its content holds (``Billing/TransferMatcher``).
    @Sendable public static func decide(_ payment: NewPayment, _ bills: [Bill]) -> PaymentDecision {
        let open = bills.compactMap { bill in BillCode(bill.code).map { OpenBill(id: bill.id, code: $0, amountDue: bill.amountDue) } }
        let code = { (id: Int64) in bills.first { $0.id == id }?.code ?? "\(id)" }
        switch TransferMatcher.match(content: payment.content, amount: payment.amount, bills: open) {
        case .paid(let billId):
            return .pays(billId: billId)
        case let .partial(billId, short):
            return .waits(.partial, billId: billId, note: "thiếu \(Amount.formatted(short)) so với phiếu \(code(billId)) (short of the bill)")
        case let .excess(billId, over):
            return .waits(.excess, billId: billId, note: "thừa \(Amount.formatted(over)) so với phiếu \(code(billId)) (more than the bill)")
        case .unmatched(let reason):
            return .waits(.unmatched, billId: nil, note: reason)
        case .ambiguous(let billIds):
            return .waits(
                .unmatched,
                billId: nil,
                note: "nội dung có mã của nhiều phiếu: " + billIds.map(code).joined(separator: ", ")
                    + " (several bill codes)"
            )
        }
    }

    /// When a statement line's money came, in Vietnam time (noon when the bank gives no time).
    public static func paidAt(_ line: StatementLine) -> Date {
        let time = (line.time ?? "12:00:00").split(separator: ":").compactMap { Int($0) }
        let components = DateComponents(
            year: line.date.year,
            month: line.date.month,
            day: line.date.day,
            hour: time.first ?? 12,
            minute: time.count > 1 ? time[1] : 0,
            second: time.count > 2 ? time[2] : 0
        )
        return Calendar.vietnam.date(from: components) ?? Date()
    }
}
