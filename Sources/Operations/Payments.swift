import Billing
import Foundation
import Ledger
import Printing
import VietnamCalendar

/// Recording what a unit's bank reports, from a notification or a statement: each transfer's content
/// is searched for bill codes, and one that pays a bill's amount due settles it with a receipt.
public enum Payments {
    /// Records `payments` for unit `unitId`, each transfer decided by ``decide(_:_:)`` and its receipt
    /// sealed by `sealer`; the rest wait in the unit's inbox.
    public static func record(
        _ payments: [NewPayment],
        unit unitId: Int64,
        by author: String,
        ledger: Ledger,
        sealer: ReceiptSealer
    ) async throws -> [Ledger.RecordedPayment] {
        try await ledger.recordPayments(
            payments.map { ($0, BillCode.codes(in: $0.content).map(\.description)) },
            unit: unitId,
            by: author,
            decide: decide,
            seal: { try sealer.seal($0) }
        )
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
