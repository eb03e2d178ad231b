import Billing
import Ledger

/// Billing payers, one bill at a time or a class list at once: each bill gets its code and its
/// dynamic VietQR (``billQR(_:_:)``), all or none.
public enum Bills {
    /// Creates `bills` for unit `unitId`; a problem names its line in `lines` (of a class list).
    public static func create(
        _ bills: [NewBill],
        unit unitId: Int64,
        lines: [Int]? = nil,
        by author: String,
        ledger: Ledger
    ) async throws -> [Bill] {
        try await ledger.createBills(bills, unit: unitId, lines: lines, by: author, qr: billQR)
    }

    /// Creates the bills of a class list's `entries` (``Billing/BillList``), each problem at its line.
    public static func create(_ entries: [BillEntry], unit unitId: Int64, by author: String, ledger: Ledger) async throws -> [Bill] {
        try await create(entries.map(NewBill.init), unit: unitId, lines: entries.map(\.line), by: author, ledger: ledger)
    }
}

extension NewBill {
    /// The bill of a class list's row.
    public init(_ entry: BillEntry) {
        self.init(
            payerName: entry.payerName,
            payerReference: entry.payerReference,
            feeType: entry.feeType,
            amount: entry.amount,
            dueDate: entry.dueDate?.iso,
            payerEmail: entry.payerEmail,
            payerPhone: entry.payerPhone
        )
    }
}
