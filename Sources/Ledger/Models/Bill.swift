import Foundation

/// What a payer owes a school or clinic, with the dynamic VietQR code that pays it: its purpose
/// (tag 62/08) holds the bill's short ``code``, which the bank's notification of the transfer
/// carries back.
public struct Bill: Sendable, Hashable, Codable, Identifiable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Not yet paid in full.
        case open
        /// Paid; ``receiptId`` is the receipt of the payment that completed it.
        case paid
        /// Issued by mistake and cancelled by the unit (``cancelReason`` says why): kept, never
        /// deleted, and paid by nothing; a transfer that still names it waits in the inbox.
        case cancelled
    }

    public let id: Int64
    public let unitId: Int64
    /// "HP26 7K3QX": unique in its unit, in the transfer content of the payment.
    public let code: String
    public let payerName: String
    /// Student code and class, patient code.
    public let payerReference: String?
    /// "Học phí tháng 9".
    public let feeType: String
    /// In đồng.
    public let amount: UInt64
    /// `2026-09-30`.
    public let dueDate: String?
    /// The dynamic VietQR payload: the unit's account, the amount, the code as purpose.
    public let payload: String
    public var status: Status
    /// What has been received against it so far, in đồng.
    public var paidAmount: UInt64
    /// The receipt of the payment that settled it (nil while that payment's receipt waits to be sealed).
    public var receiptId: Int64?
    public let createdAt: Date
    /// The secret of the payer's link (`/p/<token>`): 192 random bits, not the bill's id; nil
    /// once the unit revoked the link (a new one can be made).
    public var payToken: String?
    /// Where the receipt is sent: the payer's email address, and a phone number in international
    /// form (`+84912345678`) for the unit's messaging gateway. Shown only to the unit.
    public var payerEmail: String?
    public var payerPhone: String?
    /// When, by whom and why the bill was cancelled.
    public var cancelledAt: Date?
    public var cancelledBy: String?
    public var cancelReason: String?

    /// What is still to be paid, in đồng (nothing once it is paid in full or more).
    public var amountDue: UInt64 { amount - min(paidAmount, amount) }
}

/// A bill to create.
public struct NewBill: Sendable, Hashable, Codable {
    public var payerName: String
    public var payerReference: String?
    public var feeType: String
    public var amount: UInt64
    /// `2026-09-30`.
    public var dueDate: String?
    /// Where the receipt is sent once the bill is paid (``Bill/payerEmail``, ``Bill/payerPhone``).
    public var payerEmail: String?
    public var payerPhone: String?

    public init(
        payerName: String,
        payerReference: String? = nil,
        feeType: String,
        amount: UInt64,
        dueDate: String? = nil,
        payerEmail: String? = nil,
        payerPhone: String? = nil
    ) {
        self.payerName = payerName
        self.payerReference = payerReference
        self.feeType = feeType
        self.amount = amount
        self.dueDate = dueDate
        self.payerEmail = payerEmail
        self.payerPhone = payerPhone
    }
}

/// What a new bill's code and QR payload are, made by the caller for the unit as stored.
public struct BillQR: Sendable, Hashable {
    public var code: String
    public var payload: String

    public init(code: String, payload: String) {
        self.code = code
        self.payload = payload
    }
}

/// Money that came to a unit: a bank's notification, a statement line, or cash; matched to a
/// bill (and receipted) or waiting in the inbox for a person.
public struct Payment: Sendable, Hashable, Codable, Identifiable {
    public enum Source: String, Sendable, Hashable, Codable { case webhook, statement }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Its code and amount matched a bill, which it paid when it was recorded. Its receipt is
        /// ``Payment/receiptId``; nil while the receipt waits to be sealed (``Payment/receiptProblem``
        /// says why), and it is issued on the next try.
        case matched
        /// Its code names a bill, but it is less than the bill is owed.
        case partial
        /// Its code names a bill, but it is more than the bill is owed.
        case excess
        /// No bill's code is in its content (or two are).
        case unmatched
        /// A person matched it to a bill, or receipted it without one.
        case resolved

        /// Whether it waits for a person.
        public var isOpen: Bool { self == .partial || self == .excess || self == .unmatched }
    }

    public let id: Int64
    public let unitId: Int64
    public let source: Source
    /// The bank's id of the transaction: one payment per id and unit, however often it is sent.
    public let bankTransactionId: String
    public let amount: UInt64
    /// The transfer content as the bank sent it.
    public let content: String
    public let payerName: String?
    public let paidAt: Date
    public var status: Status
    /// Why it waits, or how it was resolved.
    public var note: String?
    public var billId: Int64?
    public var receiptId: Int64?
    public let createdAt: Date
    /// Why the receipt of a payment that paid its bill could not be sealed yet, in Vietnamese (the
    /// unit has no signing key, or this server cannot read it); nil once it is issued.
    public var receiptProblem: String?

    /// The money came and paid its bill, but its receipt waits to be sealed: the inbox shows it,
    /// and the receipt is issued on the next try.
    public var awaitsReceipt: Bool { status == .matched && receiptId == nil }
}

/// A payment as the bank reports it.
public struct NewPayment: Sendable, Hashable, Codable {
    public var source: Payment.Source
    public var bankTransactionId: String
    public var amount: UInt64
    public var content: String
    public var payerName: String?
    public var paidAt: Date

    public init(
        source: Payment.Source,
        bankTransactionId: String,
        amount: UInt64,
        content: String,
        payerName: String? = nil,
        paidAt: Date
    ) {
        self.source = source
        self.bankTransactionId = bankTransactionId
        self.amount = amount
        self.content = content
        self.payerName = payerName
        self.paidAt = paidAt
    }
}

/// What the caller decided a payment is, from the open bills whose codes its content holds.
public enum PaymentDecision: Sendable, Hashable {
    /// It pays this bill in full: receipt it.
    case pays(billId: Int64)
    /// It waits for a person, with this status (partial, excess or unmatched), bill and reason.
    case waits(Payment.Status, billId: Int64?, note: String)
}
