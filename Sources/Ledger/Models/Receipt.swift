import Foundation

/// A receipt as stored: what was collected, from whom, by which unit, under which number, and its
/// seal. Never deleted; a mistake is mended by a new receipt that replaces or adjusts it.
public struct Receipt: Sendable, Hashable, Codable, Identifiable {
    /// How the money came.
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// Paid by scanning the unit's VietQR code.
        case qr
        /// A bank transfer without the code.
        case transfer
        /// Cash handed to staff.
        case cash
    }

    /// Where a receipt stands.
    public enum Status: String, Sendable, Hashable, Codable {
        case issued, replaced, adjusted
    }

    /// One line of a receipt with several fees.
    public struct Item: Sendable, Hashable, Codable {
        public var label: String
        public var amount: UInt64

        public init(label: String, amount: UInt64) {
            self.label = label
            self.amount = amount
        }
    }

    public let id: Int64
    public let unitId: Int64
    /// Ký hiệu mẫu: "EBL01".
    public let formCode: String
    /// Ký hiệu: two-digit year and "T", "26T".
    public let series: String
    /// Gapless in its unit, form code and series, 1 to 9,999,999.
    public let number: Int64
    public let issuedAt: Date
    public let payerName: String
    /// Student code and class, patient code, stall code.
    public let payerReference: String?
    public let payerAddress: String?
    /// "Học phí tháng 9".
    public let feeType: String
    public let items: [Item]
    /// In đồng.
    public let amount: UInt64
    /// "Một trăm năm mươi nghìn đồng".
    public let amountInWords: String
    public let method: Method
    /// The bill it settles.
    public let billId: Int64?
    public var status: Status
    /// The receipt this one replaces or adjusts.
    public let supersedesId: Int64?
    /// The kid of the key that sealed it.
    public let kid: String
    /// `BL1:…`.
    public let seal: String
}

/// What a unit collected, for a new receipt.
public struct NewReceipt: Sendable, Hashable, Codable {
    public var payerName: String
    public var payerReference: String?
    public var payerAddress: String?
    public var feeType: String
    public var amount: UInt64
    public var method: Receipt.Method
    public var items: [Receipt.Item]?
    public var billId: Int64?

    public init(
        payerName: String,
        payerReference: String? = nil,
        payerAddress: String? = nil,
        feeType: String,
        amount: UInt64,
        method: Receipt.Method,
        items: [Receipt.Item]? = nil,
        billId: Int64? = nil
    ) {
        self.payerName = payerName
        self.payerReference = payerReference
        self.payerAddress = payerAddress
        self.feeType = feeType
        self.amount = amount
        self.method = method
        self.items = items
        self.billId = billId
    }
}

/// The place a new receipt takes, handed to whoever seals it before it is stored.
public struct ReceiptNumber: Sendable, Hashable {
    public var unitId: Int64
    public var formCode: String
    public var series: String
    public var number: Int64
    public var issuedAt: Date
}

/// Everything a new receipt's seal is made from, read in the transaction that stores it: its
/// number, its unit as stored (name, receipt options), the unit's active key, and the receipt it
/// replaces or adjusts.
public struct ReceiptDraft: Sendable {
    public var number: ReceiptNumber
    public var receipt: NewReceipt
    public var unit: CommuneUnit
    /// The key the unit seals with now; nil when it has none yet.
    public var activeKey: IssuerKey?
    /// The earlier receipt, and whether the new one replaces or adjusts it.
    public var supersedes: (receipt: Receipt, kind: Supersession)?
}

/// How a new receipt mends an earlier one; the earlier one's status says which.
public enum Supersession: String, Sendable, Hashable, Codable {
    /// The new receipt stands instead of the earlier one (status `replaced`).
    case replace
    /// The new receipt corrects the earlier one (status `adjusted`).
    case adjust

    /// The status the earlier receipt takes.
    public var status: Receipt.Status { self == .replace ? .replaced : .adjusted }
}

/// A receipt that was replaced or adjusted, and the one that did it: what a status list lists.
public struct SupersededReceipt: Sendable, Hashable {
    public var formCode: String
    public var series: String
    public var number: Int64
    public var status: Receipt.Status
    public var byFormCode: String
    public var bySeries: String
    public var byNumber: Int64

    public init(
        formCode: String,
        series: String,
        number: Int64,
        status: Receipt.Status,
        byFormCode: String,
        bySeries: String,
        byNumber: Int64
    ) {
        self.formCode = formCode
        self.series = series
        self.number = number
        self.status = status
        self.byFormCode = byFormCode
        self.bySeries = bySeries
        self.byNumber = byNumber
    }
}

/// What sealing a receipt gives the ledger to store with it.
public struct ReceiptSealing: Sendable, Hashable {
    public var kid: String
    public var seal: String
    public var amountInWords: String

    public init(kid: String, seal: String, amountInWords: String) {
        self.kid = kid
        self.seal = seal
        self.amountInWords = amountInWords
    }
}
