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

    public init(line: Int, stall: String, name: String, phone: String? = nil, bank: Bank, account: String,
                holder: String, status: EquipmentStatus? = nil) {
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

/// Something wrong with a stall list, pointing at the line and the column (as the file names it).
public struct StallListProblem: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: String?
    public var message: String

    /// `line 7, column 'Số tài khoản': …`
    public var description: String {
        "line \(line)" + (column.map { ", column '\($0)'" } ?? "") + ": " + message
    }
}

/// A stall list that cannot be used; `problems` holds every bad row, not only the first.
public struct InvalidStallList: Error, Sendable, Hashable {
    public var problems: [StallListProblem]
}

/// Reads the survey CSV of a market: a header row naming the columns in Vietnamese
/// (`Quầy`, `Họ tên`, `Ngân hàng`, `Số tài khoản`, `Chủ tài khoản`, optional `Điện thoại`,
/// `Trạng thái`) or English (`stall`, `name`, `bank`, `account`, `holder`, `phone`, `status`).
public enum StallList {
    /// The columns a stall list can have.
    public enum Column: String, Sendable, CaseIterable {
        case stall, name, phone, bank, account, holder, status

        /// The names a header may use for the column, compared without case, diacritics or punctuation.
        var names: [String] {
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

        /// Columns every list must have.
        static let required: [Column] = [.stall, .name, .bank, .account, .holder]
    }

    /// The stalls of `text`, or every problem found in it.
    public static func read(_ text: String, banks: BankDirectory) throws(InvalidStallList) -> [StallEntry] {
        let table: CSVTable
        do {
            table = try CSVTable(parsing: text)
        } catch {
            throw InvalidStallList(problems: [StallListProblem(
                line: error.line, column: nil, message: "a quoted field is never closed (a missing '\"')")])
        }
        var columns: [Column: Int] = [:]
        for (index, title) in table.header.enumerated() {
            let key = ColumnKey(title)
            if let column = Column.allCases.first(where: { $0.names.map(ColumnKey.init).contains(key) }), columns[column] == nil {
                columns[column] = index
            }
        }
        let missing = Column.required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            let names = missing.map { "'\($0.names[0])' or '\($0.names.first { $0.unicodeScalars.contains { $0.value > 0x7F } } ?? $0.names[0])'" }
            throw InvalidStallList(problems: [StallListProblem(line: 1, column: nil,
                message: "the header has no column for " + names.joined(separator: ", ")
                    + " (found: " + table.header.map { "'\($0)'" }.joined(separator: ", ") + ")")])
        }
        guard !table.records.isEmpty else {
            throw InvalidStallList(problems: [StallListProblem(line: 2, column: nil, message: "the list has no stalls")])
        }

        var entries: [StallEntry] = []
        var problems: [StallListProblem] = []
        var firstLine: [String: Int] = [:]
        for record in table.records {
            var row = RowReader(record: record, header: table.header, columns: columns)
            let stall = row.required(.stall, "the stall code is empty")
            if let stall {
                if let earlier = firstLine[stall.uppercased()] {
                    row.problem(.stall, "stall \(stall) is already on line \(earlier)")
                } else {
                    firstLine[stall.uppercased()] = record.line
                }
                if stall.unicodeScalars.count > 25 { row.problem(.stall, "the stall code has more than 25 characters") }
            }
            let name = row.required(.name, "the stall holder's name is empty")
            let holder = row.required(.holder, "the account holder's name is empty")
            let account = row.required(.account, "the account number is empty")?.filter { $0 != " " }
            var bank: Bank?
            if let written = row.required(.bank, "the bank is empty") {
                switch banks.lookup(written) {
                case .found(let found): bank = found
                case .ambiguous(let candidates):
                    row.problem(.bank, "'\(written)' names several banks ("
                        + candidates.map { "\($0.bin) \($0.shortName)" }.joined(separator: ", ") + "); write the BIN")
                case .notFound:
                    row.problem(.bank, "no bank is called '\(written)'; write its BIN or short name (`cashless banks` lists them)")
                }
            }
            if let bank, let account {
                for problem in Payload(bankBIN: bank.bin, account: account).check() where problem.severity == .error {
                    row.problem(.account, problem.message)
                }
            }
            var status: EquipmentStatus?
            if let written = row.optional(.status) {
                status = EquipmentStatus(written: written)
                if status == nil {
                    row.problem(.status, "'\(written)' is not a status; write one of "
                        + EquipmentStatus.allCases.map { "\($0.rawValue) (\($0.vietnamese))" }.joined(separator: ", "))
                }
            }
            problems += row.problems
            if row.problems.isEmpty, let stall, let name, let holder, let account, let bank {
                entries.append(StallEntry(line: record.line, stall: stall, name: name, phone: row.optional(.phone),
                                          bank: bank, account: account, holder: holder, status: status))
            }
        }
        guard problems.isEmpty else { throw InvalidStallList(problems: problems) }
        return entries
    }
}

/// The fields of one record by column, collecting the problems found in them.
private struct RowReader {
    let record: CSVTable.Record
    let header: [String]
    let columns: [StallList.Column: Int]
    var problems: [StallListProblem] = []

    init(record: CSVTable.Record, header: [String], columns: [StallList.Column: Int]) {
        self.record = record
        self.header = header
        self.columns = columns
    }

    func optional(_ column: StallList.Column) -> String? {
        guard let index = columns[column], index < record.fields.count else { return nil }
        let value = ASCIIFolding.precomposed(String(record.fields[index].trimmingSpaces))
        return value.isEmpty ? nil : value
    }

    mutating func required(_ column: StallList.Column, _ message: String) -> String? {
        guard let value = optional(column) else {
            problem(column, message)
            return nil
        }
        return value
    }

    mutating func problem(_ column: StallList.Column, _ message: String) {
        problems.append(StallListProblem(line: record.line, column: columns[column].map { header[$0] }, message: message))
    }
}
