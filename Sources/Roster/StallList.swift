import Rules
import VietQR

/// One stall of a market as the survey spreadsheet lists it, checked and with its bank resolved.
public struct StallEntry: Sendable, Hashable {
    /// The line of the file the row starts on.
    public var line: Int
    /// The stall code, unique in its market (`Q12`, `A-03`).
    public var stall: String
    /// The stall holder's name, as written (with diacritics).
    public var name: String
    public var phone: String?
    public var bank: Bank
    public var account: String
    /// The account holder's name, which the payer's bank app shows before the payment.
    public var holder: String
    /// When the file has a status column.
    public var status: EquipmentStatus?

    public init(
        line: Int,
        stall: String,
        name: String,
        phone: String? = nil,
        bank: Bank,
        account: String,
        holder: String,
        status: EquipmentStatus? = nil
    ) {
        self.line = line
        self.stall = stall
        self.name = name
        self.phone = phone
        self.bank = bank
        self.account = account
        self.holder = holder
        self.status = status
    }

    /// The stall's static VietQR (see ``VietQR/Payload/stall(_:holder:bankBIN:account:)``).
    public var payload: Payload { .stall(stall, holder: name, bankBIN: bank.bin, account: account) }
}

/// Something wrong with a stall list: the line, the column as the file names it, the field, and why.
public typealias StallListProblem = FieldProblem

/// A stall list that cannot be used; `problems` holds every bad row, not only the first.
public typealias InvalidStallList = InvalidFields

/// Reads the survey CSV of a market: a header row naming the columns in Vietnamese
/// (`Quầy`, `Họ tên`, `Ngân hàng`, `Số tài khoản`, `Chủ tài khoản`, optional `Điện thoại`,
/// `Trạng thái`) or English (`stall`, `name`, `bank`, `account`, `holder`, `phone`, `status`).
public enum StallList {
    /// The columns a stall list can have; their raw values are the fields the JSON API names.
    public enum Column: String, Sendable, CaseIterable, TableColumn {
        case stall, name, phone, bank, account, holder, status

        /// The names a header may use for the column, compared without case, diacritics or punctuation.
        public var names: [String] {
            switch self {
            case .stall: ["stall", "stall code", "code", "quầy", "mã quầy", "sạp", "ki ốt", "kiosk"]
            case .name: ["name", "stall holder", "vendor", "họ tên", "họ và tên", "tên", "người bán"]
            case .phone: ["phone", "điện thoại", "số điện thoại", "sđt"]
            case .bank: ["bank", "ngân hàng", "mã ngân hàng", "bin"]
            case .account: ["account", "account number", "số tài khoản", "stk", "tài khoản"]
            case .holder: ["holder", "account holder", "chủ tài khoản", "tên chủ tài khoản", "tên tài khoản"]
            case .status: ["status", "trạng thái", "tình trạng"]
            }
        }

        public var field: String { rawValue }

        /// The most characters a stall's text field holds, whichever door it comes through.
        public var limit: Int {
            switch self {
            case .stall: 25
            case .phone: 20
            case .account: 40
            case .name, .holder, .bank, .status: 200
            }
        }

        /// Columns every list must have.
        static let required: [Column] = [.stall, .name, .bank, .account, .holder]
    }

    /// The stalls of `text`, or every problem found in it.
    public static func read(_ text: String, banks: BankDirectory) throws(InvalidStallList) -> [StallEntry] {
        let file = try ColumnarTable<Column>(text, required: Column.required, noRows: "the list has no stalls")
        var entries: [StallEntry] = []
        var problems: [FieldProblem] = []
        var firstLine: [String: Int] = [:]
        for record in file.table.records {
            var row = file.row(record)
            let stall = row.required(.stall, "the stall code is empty", limit: Column.stall.limit)
            if let stall {
                if let earlier = firstLine[stall.uppercased()] {
                    row.problem(.stall, .duplicate, "stall \(stall) is already on line \(earlier)")
                } else {
                    firstLine[stall.uppercased()] = record.line
                }
            }
            let name = row.required(.name, "the stall holder's name is empty", limit: Column.name.limit)
            let holder = row.required(.holder, "the account holder's name is empty", limit: Column.holder.limit)
            let account = row.required(.account, "the account number is empty", limit: Column.account.limit)
            var bank: Bank?
            if let written = row.required(.bank, "the bank is empty") {
                do {
                    bank = try BankAccount.bank(written, in: banks)
                } catch {
                    row.problem(.bank, error)
                }
            }
            if let bank, let account, let refusal = BankAccount.check(account, bin: bank.bin) {
                row.problem(.account, refusal)
            }
            var status: EquipmentStatus?
            if let written = row.optional(.status) {
                status = EquipmentStatus(written: written)
                if status == nil {
                    row.problem(
                        .status,
                        .invalidValue,
                        "'\(written)' is not a status; write one of "
                            + EquipmentStatus.allCases.map { "\($0.rawValue) (\($0.vietnamese))" }.joined(separator: ", ")
                    )
                }
            }
            let phone = row.optional(.phone, limit: Column.phone.limit)
            problems += row.problems
            if row.problems.isEmpty, let stall, let name, let holder, let account, let bank {
                entries.append(
                    StallEntry(
                        line: record.line,
                        stall: stall,
                        name: name,
                        phone: phone,
                        bank: bank,
                        account: account,
                        holder: holder,
                        status: status
                    )
                )
            }
        }
        guard problems.isEmpty else { throw InvalidStallList(problems) }
        return entries
    }
}
