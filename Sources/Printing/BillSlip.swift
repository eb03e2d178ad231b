import Foundation

/// What one bill's slip shows: who owes what to whom, by when, and the dynamic VietQR code
/// that pays it with the bill code as the transfer content. A school prints a class's slips
/// four to an A4 page (``BillSlips``) and hands them out. Text may come in any Unicode
/// normalisation form; it is printed in NFC.
public struct BillSlip: Sendable, Hashable {
    /// The collecting unit: "Trường Tiểu học Điện Biên".
    public var unitName: String
    /// Who is to pay: "Nguyễn Văn An".
    public var payerName: String
    /// What identifies the payer to the unit: "HS0123 – Lớp 5A", a patient code.
    public var payerReference: String?
    /// The fee: "Học phí tháng 12/2026".
    public var feeType: String
    /// The amount in đồng.
    public var amount: UInt64
    /// The last day to pay, printed dd/MM/yyyy in Vietnam's time; `nil` for none.
    public var dueDate: Date?
    /// The bill's code, which the transfer content must hold: "HP26 7K3QX".
    public var billCode: String
    /// The VietQR payload text of the bill's dynamic code.
    public var payload: String
    /// The bank's short name, such as `Vietcombank`.
    public var bankShortName: String
    /// The account a payment goes to.
    public var account: String
    /// The account holder's name as the bank shows it: "TRUONG TIEU HOC DIEN BIEN".
    public var accountHolder: String
    /// The bill's own page for the payer (`https://…/p/<token>`), printed as text and as a small
    /// second QR code labelled so that nobody scans it to pay; nil for none.
    public var payerLink: String?

    /// A slip from its fields as they are.
    public init(
        unitName: String,
        payerName: String,
        payerReference: String? = nil,
        feeType: String,
        amount: UInt64,
        dueDate: Date? = nil,
        billCode: String,
        payload: String,
        bankShortName: String,
        account: String,
        accountHolder: String,
        payerLink: String? = nil
    ) {
        self.unitName = unitName
        self.payerName = payerName
        self.payerReference = payerReference
        self.feeType = feeType
        self.amount = amount
        self.dueDate = dueDate
        self.billCode = billCode
        self.payload = payload
        self.bankShortName = bankShortName
        self.account = account
        self.accountHolder = accountHolder
        self.payerLink = payerLink
    }

    /// The texts printed from the input, to name the one a ``PrintingError`` is about: a
    /// slip's fields, and the title a page's footer names.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case unitName, payerName, payerReference, feeType, billCode, bankShortName, account, accountHolder, payerLink, title

        /// The field's name as the slip prints it (Vietnamese).
        public var label: String {
            switch self {
            case .unitName: "Đơn vị thu"
            case .payerName: "Người nộp"
            case .payerReference: "Mã người nộp"
            case .feeType: "Khoản thu"
            case .billCode: "Nội dung chuyển khoản"
            case .bankShortName: "Ngân hàng"
            case .account: "Số tài khoản"
            case .accountHolder: "Chủ tài khoản"
            case .payerLink: "Trang nộp tiền"
            case .title: "Tiêu đề"
            }
        }
    }
}
