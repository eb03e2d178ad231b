import Roster
import Rules

/// One money-in line of a bank statement: a transfer that may pay a bill.
public struct StatementLine: Sendable, Hashable {
    /// The line of the file the row starts on.
    public var line: Int
    /// The bank's reference for the transaction (`FT26273812345678`), unique in the file.
    public var transactionId: String
    /// The booking or value date.
    public var date: BillDate
    /// The time of day, `14:05:09` (or `14:05:00` from `14:05`), when the date column has one.
    public var time: String?
    /// The amount credited, in whole đồng.
    public var amount: UInt64
    /// The transfer content as the bank exported it (diacritics kept if there were any); may be empty.
    public var content: String
    /// The sender's name, when the export has a column for it.
    public var payerName: String?

    public init(
        line: Int,
        transactionId: String,
        date: BillDate,
        time: String? = nil,
        amount: UInt64,
        content: String,
        payerName: String? = nil
    ) {
        self.line = line
        self.transactionId = transactionId
        self.date = date
        self.time = time
        self.amount = amount
        self.content = content
        self.payerName = payerName
    }
}

/// Something wrong with a bank statement: a ``TableProblem``.
public typealias StatementProblem = TableProblem

/// A statement that cannot be used: an ``InvalidTable``.
public typealias InvalidStatement = InvalidTable

/// Reads the CSV export of a unit's account from a Vietnamese bank's internet banking: a header
/// naming the columns (`Số tham chiếu`, `Ngày giao dịch`, `Số tiền ghi nợ`, `Số tiền ghi có`,
/// `Diễn giải`, or English `reference`, `date`, `debit`, `credit`, `description`), one row a
/// transaction. Only money in is returned: rows with a debit and no credit are skipped, and so
/// are negative amounts (`-300.000`, `(300.000)`) when the export has a single signed amount column.
///
/// Amounts are whole đồng as in ``BillList`` and may also carry a fraction of zeros
/// (`1,250,000.00`), as exports write them; dates are `dd/mm/yyyy`, `d/m/yyyy` or `yyyy-mm-dd`,
/// optionally followed by `hh:mm:ss` or `hh:mm`.
public enum BankStatement {
    /// The columns a statement can have.
    public enum Column: String, Sendable, CaseIterable, TableColumn {
        case transactionId, date, credit, debit, content, payer

        /// The names a header may use for the column, compared without case, diacritics or punctuation.
        public var names: [String] {
            switch self {
            case .transactionId: ["transaction id", "mã giao dịch", "số tham chiếu", "số bút toán", "reference", "ref"]
            case .date: ["date", "ngày", "ngày giao dịch", "ngày hiệu lực"]
            case .credit: ["credit", "số tiền ghi có", "ghi có", "có", "amount", "số tiền"]
            case .debit: ["debit", "số tiền ghi nợ", "ghi nợ", "nợ"]
            case .content: ["content", "description", "nội dung", "diễn giải", "mô tả"]
            case .payer: ["payer", "người chuyển", "tên người chuyển", "đối ứng"]
            }
        }

        public var field: String {
            switch self {
            case .credit, .debit: "amount"
            case .payer: "payerName"
            case .date: "paidAt"
            case .transactionId, .content: rawValue
            }
        }

        static let required: [Column] = [.transactionId, .date, .credit, .content]
    }

    /// The credit lines of `text`, or every problem found in it.
    public static func read(_ text: String) throws(InvalidStatement) -> [StatementLine] {
        let file = try ColumnarTable<Column>(text, required: Column.required, noRows: "the statement has no transactions")
        let signed = file.columns[.debit] == nil
        var lines: [StatementLine] = []
        var problems: [FieldProblem] = []
        var firstLine: [String: Int] = [:]
        for record in file.table.records {
            var row = file.row(record)
            let writtenCredit = row.optional(.credit)
            let writtenDebit = row.optional(.debit)
            if let debit = writtenDebit, !isZero(debit), writtenCredit.map(isZero) ?? true { continue }
            if signed, let credit = writtenCredit, credit.hasPrefix("-") || credit.hasPrefix("(") { continue }

            let id = row.required(.transactionId, "the transaction id is empty")
            if let id {
                if let earlier = firstLine[TransactionID.key(id)] {
                    row.problem(.transactionId, .duplicate, "transaction \(id) is already on line \(earlier)")
                } else {
                    firstLine[TransactionID.key(id)] = record.line
                }
            }
            var when: (BillDate, String?)?
            if let written = row.required(.date, "the date is empty") {
                when = dateAndTime(written)
                if when == nil {
                    row.problem(.date, .invalidDate, "'\(written)' is not a date; write dd/mm/yyyy, dd/mm/yyyy hh:mm:ss or yyyy-mm-dd")
                }
            }
            let amount = row.amount(.credit, empty: "the credit amount is empty", bankExport: true)
            if let debit = writtenDebit, !isZero(debit), amount != nil {
                row.problem(.debit, .invalidValue, "the row has both a debit and a credit")
            }
            problems += row.problems
            if row.problems.isEmpty, let id, let when, let amount {
                lines.append(
                    StatementLine(
                        line: record.line,
                        transactionId: id,
                        date: when.0,
                        time: when.1,
                        amount: amount,
                        content: row.optional(.content) ?? "",
                        payerName: row.optional(.payer)
                    )
                )
            }
        }
        guard problems.isEmpty else { throw InvalidStatement(problems) }
        return lines
    }

    /// `0`, `0.00`, `0 đ`, `-` and the like: an empty amount cell as exports fill it.
    private static func isZero(_ written: String) -> Bool {
        let digits = written.filter(\.isWholeNumber)
        return written == "-" || (!digits.isEmpty && digits.allSatisfy { $0 == "0" })
    }

    /// `30/09/2026`, `2026-09-30 14:05:09`, `30/09/2026 14:05`: the date and `hh:mm:ss`.
    private static func dateAndTime(_ written: String) -> (BillDate, String?)? {
        let parts = written.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard (1...2).contains(parts.count), let date = BillDate(String(parts[0])) else { return nil }
        guard parts.count == 2 else { return (date, nil) }
        let fields = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count),
            fields.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isWholeNumber } })
        else { return nil }
        let numbers = fields.map { Int($0)! }
        guard numbers[0] < 24, numbers[1] < 60, numbers.count == 2 || numbers[2] < 60 else { return nil }
        return (date, fields.joined(separator: ":") + (fields.count == 2 ? ":00" : ""))
    }
}
