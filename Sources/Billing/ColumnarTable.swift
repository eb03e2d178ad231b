import Foundation
import Roster
import VietQR

/// The columns a kind of CSV file can have, each with the titles a header may give it.
protocol TableColumn: CaseIterable, Hashable, Sendable {
    /// English first, then Vietnamese; compared without case, diacritics or punctuation.
    var names: [String] { get }
}

/// Something wrong in a CSV file: the line, the column as the header names it, and why.
struct CellProblem: Sendable, Hashable {
    var line: Int
    var column: String?
    var message: String
}

/// The problems that make a whole file unusable (no header, no rows), before any row is read.
struct CellProblems: Error {
    var problems: [CellProblem]
}

/// A CSV file split into records, with its header's titles resolved to columns.
struct ColumnarTable<Column: TableColumn> {
    let table: CSVTable
    /// The index of each column the header has; the first title naming a column wins.
    let columns: [Column: Int]

    /// Parses `text`, refusing a file whose header lacks one of `required` or that has no rows.
    init(_ text: String, required: [Column], noRows: String) throws(CellProblems) {
        do {
            table = try CSVTable(parsing: text)
        } catch {
            throw CellProblems(problems: [CellProblem(
                line: error.line, column: nil, message: "a quoted field is never closed (a missing '\"')")])
        }
        var columns: [Column: Int] = [:]
        for (index, title) in table.header.enumerated() {
            let key = ColumnKey(title)
            if let column = Column.allCases.first(where: { $0.names.map(ColumnKey.init).contains(key) }),
               columns[column] == nil {
                columns[column] = index
            }
        }
        self.columns = columns
        let missing = required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            let names = missing.map { column in
                "'\(column.names[0])' or '\(column.names.first { $0.unicodeScalars.contains { $0.value > 0x7F } } ?? column.names[0])'"
            }
            throw CellProblems(problems: [CellProblem(line: 1, column: nil,
                message: "the header has no column for " + names.joined(separator: ", ")
                    + " (found: " + table.header.map { "'\($0)'" }.joined(separator: ", ") + ")")])
        }
        guard !table.records.isEmpty else {
            throw CellProblems(problems: [CellProblem(line: 2, column: nil, message: noRows)])
        }
    }

    /// A reader for one of the records.
    func row(_ record: CSVTable.Record) -> RowReader<Column> {
        RowReader(record: record, header: table.header, columns: columns)
    }
}

/// The fields of one record by column, collecting the problems found in them.
struct RowReader<Column: TableColumn> {
    let record: CSVTable.Record
    let header: [String]
    let columns: [Column: Int]
    private(set) var problems: [CellProblem] = []

    init(record: CSVTable.Record, header: [String], columns: [Column: Int]) {
        self.record = record
        self.header = header
        self.columns = columns
    }

    /// The field, trimmed and in NFC, or nil when the column is missing or the field empty.
    func optional(_ column: Column) -> String? {
        guard let index = columns[column], index < record.fields.count else { return nil }
        let value = ASCIIFolding.precomposed(record.fields[index].trimmingCharacters(in: .whitespaces))
        return value.isEmpty ? nil : value
    }

    /// The field, or nil with `message` as the row's problem when it is empty.
    mutating func required(_ column: Column, _ message: String) -> String? {
        guard let value = optional(column) else {
            problem(column, message)
            return nil
        }
        return value
    }

    mutating func problem(_ column: Column, _ message: String) {
        problems.append(CellProblem(line: record.line, column: columns[column].map { header[$0] }, message: message))
    }
}
