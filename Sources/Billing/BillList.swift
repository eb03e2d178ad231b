import Roster
import Rules

/// One bill of a class or clinic list, checked: who pays, what for, how much, by when.
public struct BillEntry: Sendable, Hashable {
    /// The line of the file the row starts on.
    public var line: Int
    /// The pupil's or patient's name, as written (with diacritics).
    public var payerName: String
    /// The pupil's or patient's code, followed by the class when the list has one (`HS0512 5A`),
    /// or the class alone.
    public var payerReference: String?
    /// What the fee is (`Học phí tháng 9`, `Bảo hiểm y tế`).
    public var feeType: String
    /// In whole đồng, more than zero.
    public var amount: UInt64
    public var dueDate: BillDate?
    /// The payer's email address and phone number as written; the ledger checks them with every
    /// other bill's (``Rules/Contact``), naming this row's line.
    public var payerEmail: String?
    public var payerPhone: String?

    public init(
        line: Int,
        payerName: String,
        payerReference: String? = nil,
        feeType: String,
        amount: UInt64,
        dueDate: BillDate? = nil,
        payerEmail: String? = nil,
        payerPhone: String? = nil
    ) {
        self.line = line
        self.payerName = payerName
        self.payerReference = payerReference
        self.feeType = feeType
        self.amount = amount
        self.dueDate = dueDate
        self.payerEmail = payerEmail
        self.payerPhone = payerPhone
    }
}

/// Something wrong with a bill list: a ``TableProblem``.
public typealias BillListProblem = TableProblem

/// A bill list that cannot be used: an ``InvalidTable``.
public typealias InvalidBillList = InvalidTable

/// Reads the CSV a school or clinic bills from: one row a bill, a header naming the columns in
/// Vietnamese (`Họ và tên`, `Mã HS`, `Lớp`, `Khoản thu`, `Số tiền`, `Hạn nộp`) or English
/// (`payer`, `reference`, `class`, `fee`, `amount`, `due`), and optionally where the receipt is
/// sent (`Email`, `Điện thoại`). Payer, fee and amount are required.
public enum BillList {
    /// The columns a bill list can have.
    public enum Column: String, Sendable, CaseIterable, TableColumn {
        case payer, reference, `class`, fee, amount, due, email, phone

        /// The names a header may use for the column, compared without case, diacritics or punctuation.
        public var names: [String] {
            switch self {
            case .payer: ["payer", "name", "họ tên", "họ và tên", "học sinh", "bệnh nhân", "người nộp"]
            case .reference: ["reference", "code", "mã", "mã học sinh", "mã hs", "mã bệnh nhân"]
            case .class: ["class", "lớp"]
            case .fee: ["fee", "fee type", "khoản thu", "loại phí", "nội dung"]
            case .amount: ["amount", "số tiền", "thành tiền"]
            case .due: ["due", "due date", "hạn nộp", "hạn"]
            case .email: ["email", "e-mail", "thư điện tử", "email phụ huynh"]
            case .phone: ["phone", "điện thoại", "số điện thoại", "sđt", "điện thoại phụ huynh"]
            }
        }

        public var field: String {
            switch self {
            case .payer: "payerName"
            case .reference, .class: "payerReference"
            case .fee: "feeType"
            case .amount: "amount"
            case .due: "dueDate"
            case .email: "payerEmail"
            case .phone: "payerPhone"
            }
        }

        static let required: [Column] = [.payer, .fee, .amount]
    }

    /// The bills of `text`, or every problem found in it.
    public static func read(_ text: String) throws(InvalidBillList) -> [BillEntry] {
        let file = try ColumnarTable<Column>(text, required: Column.required, noRows: "the list has no bills")
        var entries: [BillEntry] = []
        var problems: [FieldProblem] = []
        for record in file.table.records {
            var row = file.row(record)
            let payer = row.required(.payer, "the payer's name is empty")
            let fee = row.required(.fee, "the fee is empty", limit: 100)
            let amount = row.amount(.amount, empty: "the amount is empty")
            var due: BillDate?
            if let written = row.optional(.due) {
                do {
                    due = try BillDate.parse(written)
                } catch {
                    row.problem(.due, error)
                }
            }
            let reference = [row.optional(.reference, limit: 40), row.optional(.class, limit: 40)].compactMap { $0 }.joined(separator: " ")
            if reference.unicodeScalars.count > 40 {
                // The code and the class together are the bill's payer reference, which holds 40.
                row.problem(.reference, .tooLong, "with the class, has \(reference.unicodeScalars.count) characters; at most 40 fit")
            }
            let email = row.optional(.email, limit: 254)
            let phone = row.optional(.phone, limit: 20)
            problems += row.problems
            if row.problems.isEmpty, let payer, let fee, let amount {
                entries.append(
                    BillEntry(
                        line: record.line,
                        payerName: payer,
                        payerReference: reference.isEmpty ? nil : reference,
                        feeType: fee,
                        amount: amount,
                        dueDate: due,
                        payerEmail: email,
                        payerPhone: phone
                    )
                )
            }
        }
        guard problems.isEmpty else { throw InvalidBillList(problems) }
        return entries
    }
}
