/// A bill that is issued and not yet paid, as the matcher needs it.
public struct OpenBill: Sendable, Hashable {
    public var id: Int64
    public var code: BillCode
    /// In whole đồng.
    public var amountDue: UInt64

    public init(id: Int64, code: BillCode, amountDue: UInt64) {
        self.id = id
        self.code = code
        self.amountDue = amountDue
    }
}

/// What a bank transfer is to a unit's open bills.
public enum TransferMatch: Sendable, Hashable {
    /// The content names the bill and the amount is the amount due.
    case paid(billId: Int64)
    /// The content names the bill and `short` đồng are still owed.
    case partial(billId: Int64, short: UInt64)
    /// The content names the bill and `over` đồng more than due were sent.
    case excess(billId: Int64, over: UInt64)
    /// No open bill is named; `reason`, in Vietnamese and English, is for the bursar.
    case unmatched(reason: String)
    /// The content names several open bills (ids in the order their codes appear).
    case ambiguous(billIds: [Int64])
}

/// Pairs a bank transfer with the open bill its content names.
public enum TransferMatcher {
    /// Matches the transfer of `amount` đồng with `content` against `bills`, the open bills of the
    /// unit the receiving account belongs to; codes of other bills (paid, cancelled, another
    /// unit's) count as no code. The code may stand anywhere in the content
    /// (see ``BillCode/codes(in:)``).
    public static func match(content: String, amount: UInt64, bills: [OpenBill]) -> TransferMatch {
        let codes = BillCode.codes(in: content)
        guard !codes.isEmpty else {
            return .unmatched(reason: "không có mã phiếu thu trong nội dung chuyển khoản (no bill code in the content)")
        }
        let named = codes.flatMap { code in bills.filter { $0.code == code } }
        var ids: [Int64] = []
        for bill in named where !ids.contains(bill.id) { ids.append(bill.id) }
        guard let bill = named.first else {
            let written = codes.map(\.description).joined(separator: ", ")
            return .unmatched(reason: "mã \(written) không thuộc phiếu thu nào đang chờ nộp (\(written): no open bill has this code)")
        }
        guard ids.count == 1 else { return .ambiguous(billIds: ids) }
        if amount == bill.amountDue { return .paid(billId: bill.id) }
        if amount < bill.amountDue { return .partial(billId: bill.id, short: bill.amountDue - amount) }
        return .excess(billId: bill.id, over: amount - bill.amountDue)
    }
}
