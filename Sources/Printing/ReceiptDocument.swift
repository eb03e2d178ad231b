import Foundation

/// Everything a printed e-receipt shows, as plain values: the collecting unit, the receipt's
/// symbols and number, the payer, what was paid and how, and the seal that lets anyone check
/// it offline. Independent of the ledger and of the seal's making: the server fills it from a
/// signed receipt, a test by hand. Text may come in any Unicode normalisation form; it is
/// printed in NFC.
///
/// The layout follows TT 32/2025 Appendix III, reference layout no. 6 ("BIÊN LAI THU PHÍ, LỆ
/// PHÍ ĐIỆN TỬ"); see ``title`` for the heading.
public struct ReceiptDocument: Sendable, Hashable {
    /// One line of what the amount is made of: "Học phí tháng 12/2026", 1.000.000 đ.
    public struct LineItem: Sendable, Hashable {
        /// What the line is for.
        public var label: String
        /// Its amount in đồng.
        public var amount: UInt64

        /// A line of `amount` đồng for `label`.
        public init(label: String, amount: UInt64) {
            self.label = label
            self.amount = amount
        }
    }

    /// Whether the receipt still stands, or was replaced or adjusted by a later one. A receipt
    /// keeps a valid seal once replaced, so its print says so in a band under the heading.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Issued and in force.
        case issued
        /// Replaced by another receipt (thay thế).
        case replaced
        /// Adjusted by another receipt (điều chỉnh).
        case adjusted

        /// The band printed under the heading, or `nil` for a receipt in force.
        public var band: String? {
            switch self {
            case .issued: nil
            case .replaced: "ĐÃ BỊ THAY THẾ"
            case .adjusted: "ĐÃ BỊ ĐIỀU CHỈNH"
            }
        }
    }

    /// The texts printed from the input, to name the one a ``PrintingError`` is about.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case unitName, unitTaxCode, unitAddress, unitBankAccount, formCode, series, number, payerName,
            payerReference, payerAddress, feeType, lineItem, amountInWords, paymentMethod, billCode, note,
            seal, verifyURL

        /// The field's name as the receipt prints it (Vietnamese).
        public var label: String {
            switch self {
            case .unitName: "Đơn vị thu"
            case .unitTaxCode: "Mã số thuế"
            case .unitAddress: "Địa chỉ đơn vị thu"
            case .unitBankAccount: "Số tài khoản"
            case .formCode: "Mẫu số"
            case .series: "Ký hiệu"
            case .number: "Số"
            case .payerName: "Người nộp"
            case .payerReference: "Mã người nộp"
            case .payerAddress: "Địa chỉ người nộp"
            case .feeType: "Tên loại phí, lệ phí"
            case .lineItem: "Nội dung"
            case .amountInWords: "Bằng chữ"
            case .paymentMethod: "Hình thức thanh toán"
            case .billCode: "Mã khoản thu"
            case .note: "Ghi chú"
            case .seal: "Mã xác thực"
            case .verifyURL: "Địa chỉ tra cứu"
            }
        }
    }

    /// The collecting unit: "Trường Tiểu học Điện Biên".
    public var unitName: String
    /// Its tax code (mã số thuế), when it has one.
    public var unitTaxCode: String?
    /// Its address.
    public var unitAddress: String
    /// The account it collects into, as one line: "Vietcombank 0011001234567".
    public var unitBankAccount: String?
    /// The form code (ký hiệu mẫu): `EBL01` for a fee receipt without a face value.
    public var formCode: String
    /// The series (ký hiệu): the year's two digits and `T`, such as `26T`.
    public var series: String
    /// The number within the series, printed with 7 digits: 12 → "0000012".
    public var number: Int64
    /// When it was issued; printed in Vietnam's time.
    public var issuedAt: Date
    /// Who paid: "Nguyễn Văn An".
    public var payerName: String
    /// What identifies the payer to the unit: "Mã HS: HS0123, lớp 5A", a patient code.
    public var payerReference: String?
    /// The payer's address, when known.
    public var payerAddress: String?
    /// The fee or charge: "Học phí tháng 12/2026".
    public var feeType: String
    /// What the amount is made of, when it is more than one thing; they add up to ``amount``.
    public var lineItems: [LineItem]
    /// The amount paid, in đồng.
    public var amount: UInt64
    /// The amount in words, as made by the Receipts module: "Một triệu hai trăm năm mươi nghìn đồng".
    public var amountInWords: String
    /// How it was paid: "Chuyển khoản QR".
    public var paymentMethod: String
    /// The bill the payment settled, as the transfer content shows it: "HP26 7K3QX".
    public var billCode: String?
    /// A note about supersession: "Thay thế cho biên lai mẫu số EBL01, ký hiệu 26T, số 0000012, ngày 01/12/2026".
    public var note: String?
    /// Whether the receipt is in force, replaced or adjusted.
    public var status: Status
    /// The seal: `BL1:` and Base45, in the QR alphanumeric character set.
    public var seal: String
    /// Where anyone can look the receipt up and check its seal.
    public var verifyURL: String

    /// A receipt from its fields as they are.
    public init(
        unitName: String,
        unitTaxCode: String? = nil,
        unitAddress: String,
        unitBankAccount: String? = nil,
        formCode: String = "EBL01",
        series: String,
        number: Int64,
        issuedAt: Date,
        payerName: String,
        payerReference: String? = nil,
        payerAddress: String? = nil,
        feeType: String,
        lineItems: [LineItem] = [],
        amount: UInt64,
        amountInWords: String,
        paymentMethod: String,
        billCode: String? = nil,
        note: String? = nil,
        status: Status = .issued,
        seal: String,
        verifyURL: String
    ) {
        self.unitName = unitName
        self.unitTaxCode = unitTaxCode
        self.unitAddress = unitAddress
        self.unitBankAccount = unitBankAccount
        self.formCode = formCode
        self.series = series
        self.number = number
        self.issuedAt = issuedAt
        self.payerName = payerName
        self.payerReference = payerReference
        self.payerAddress = payerAddress
        self.feeType = feeType
        self.lineItems = lineItems
        self.amount = amount
        self.amountInWords = amountInWords
        self.paymentMethod = paymentMethod
        self.billCode = billCode
        self.note = note
        self.status = status
        self.seal = seal
        self.verifyURL = verifyURL
    }

    /// The largest number a receipt prints: 7 digits (research §1.4: within the limits of
    /// withholding certificates, 7, and invoices, 8).
    public static let largestNumber: Int64 = 9_999_999

    /// The heading.
    ///
    /// With the form code of an electronic fee receipt (`EBL01`, `EBL02`, TT 32/2025 App. II.B)
    /// the heading is "BIÊN LAI THU PHÍ, LỆ PHÍ", the title of reference layout no. 6, whose
    /// face this print is (the line under it says it is the printed form of the electronic
    /// receipt, "ĐIỆN TỬ" in the legal title). Any other form code is not a tax-authority fee
    /// receipt, such as a payment confirmation for tuition, which is invoiced elsewhere
    /// (research §1.2): those say "BIÊN LAI THU TIỀN", the plain receipt for money collected,
    /// so that the print never claims a legal form it is not.
    public var title: String {
        formCode.uppercased().hasPrefix("EBL") ? "BIÊN LAI THU PHÍ, LỆ PHÍ" : "BIÊN LAI THU TIỀN"
    }

    /// The number as printed, 7 digits: "0000012".
    public var printedNumber: String { VietnamTime.padded(number, to: 7) }

    /// The date and time of issue as printed, in Vietnam's time: "Ngày 02 tháng 12 năm 2026, 07:14".
    public var printedDate: String { VietnamTime.longDate(issuedAt) }
}
