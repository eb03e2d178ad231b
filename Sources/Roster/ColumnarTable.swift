import Foundation
import Rules
import VietQR

/// The columns a kind of CSV file can have, each with the titles a header may give it and the
/// field the JSON API calls it, so that a problem in a file names the same field as the API would.
public protocol TableColumn: CaseIterable, Hashable, Sendable {
    /// English first, then Vietnamese; compared without case, diacritics or punctuation.
    var names: [String] { get }
    /// The field the JSON API names this value (`payerName` for the `payer` column).
    var field: String { get }
}

/// A CSV file that cannot be used: every bad row's problem, with its line and column.
public typealias InvalidTable = InvalidFields

/// Something wrong with a row of an imported CSV, pointing at the line and the column.
public typealias TableProblem = FieldProblem

/// A CSV file split into records, with its header's titles resolved to columns.
public struct ColumnarTable<Column: TableColumn> {
    public let table: CSVTable
    /// The index of each column the header has; the first title naming a column wins.
    public let columns: [Column: Int]

    /// Parses `text`, refusing a file whose header lacks one of `required`, that has no rows, or
    /// more than ``mostRows``.
    public init(_ text: String, required: [Column], noRows: String) throws(InvalidFields) {
        do {
            table = try CSVTable(parsing: text)
        } catch {
            throw InvalidFields([
                FieldProblem(
                    field: FieldProblem.wholeFile,
                    line: error.line,
                    code: .invalidValue,
                    reason: "a quoted field is never closed (a missing '\"')"
                )
            ])
        }
        var columns: [Column: Int] = [:]
        for (index, title) in table.header.enumerated() {
            let key = ColumnKey(title)
            if let column = Column.allCases.first(where: { $0.names.map(ColumnKey.init).contains(key) }),
                columns[column] == nil
            {
                columns[column] = index
            }
        }
        self.columns = columns
        let missing = required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            let names = missing.map { column in
                "'\(column.names[0])' or '\(column.names.first { $0.unicodeScalars.contains { $0.value > 0x7F } } ?? column.names[0])'"
            }
            throw InvalidFields([
                FieldProblem(
                    field: FieldProblem.wholeFile,
                    line: 1,
                    code: .required,
                    reason: "the header has no column for " + names.joined(separator: ", ")
                        + " (found: " + table.header.map { "'\($0)'" }.joined(separator: ", ") + ")"
                )
            ])
        }
        guard !table.records.isEmpty else {
            throw InvalidFields([FieldProblem(field: FieldProblem.wholeFile, line: 2, code: .required, reason: noRows)])
        }
        guard table.records.count <= Self.mostRows else {
            throw InvalidFields([
                FieldProblem(
                    field: FieldProblem.wholeFile,
                    line: table.records[Self.mostRows].line,
                    code: .tooLong,
                    reason: "a file holds at most \(Self.mostRows) rows (this one has \(table.records.count)): split it and import each part"
                )
            ])
        }
    }

    /// The most rows one import takes: a province's largest market or school fits many times
    /// over, and a larger file is refused, naming the first line past it, before any row is read.
    public static var mostRows: Int { 20_000 }

    /// A reader for one of the records.
    public func row(_ record: CSVTable.Record) -> RowReader<Column> {
        RowReader(record: record, header: table.header, columns: columns)
    }
}

/// The fields of one record by column, read by the rules every door applies (``Rules/Text``,
/// ``Rules/Amount``, ``Rules/BankAccount``), collecting the problems found in them.
public struct RowReader<Column: TableColumn> {
    public let record: CSVTable.Record
    let header: [String]
    let columns: [Column: Int]
    public private(set) var problems: [FieldProblem] = []

    init(record: CSVTable.Record, header: [String], columns: [Column: Int]) {
        self.record = record
        self.header = header
        self.columns = columns
    }

    /// The field as written, trimmed and in NFC, or nil when the column is missing or the field empty.
    public func raw(_ column: Column) -> String? {
        guard let index = columns[column], index < record.fields.count else { return nil }
        let value = Text.clean(record.fields[index])
        return value.isEmpty ? nil : value
    }

    /// The field as text within `limit` characters (``Rules/Text``), or nil when empty.
    public mutating func optional(_ column: Column, limit: Int = 200) -> String? {
        guard let value = raw(column) else { return nil }
        if let refusal = Text.check(value, limit: limit) {
            problem(column, refusal)
            return nil
        }
        return value
    }

    /// The field as text, or nil with `message` as the row's problem when it is empty.
    public mutating func required(_ column: Column, _ message: String, limit: Int = 200) -> String? {
        guard raw(column) != nil else {
            problem(column, .required, message)
            return nil
        }
        return optional(column, limit: limit)
    }

    /// The field as an amount (``Rules/Amount/parse(_:bankExport:)``), or nil with its problem.
    public mutating func amount(_ column: Column, empty message: String, bankExport: Bool = false) -> UInt64? {
        guard let written = required(column, message) else { return nil }
        do {
            return try Amount.parse(written, bankExport: bankExport)
        } catch {
            problem(column, error)
            return nil
        }
    }

    public mutating func problem(_ column: Column, _ code: ProblemCode, _ message: String) {
        problem(column, Refusal(code, message))
    }

    public mutating func problem(_ column: Column, _ refusal: Refusal) {
        problems.append(FieldProblem(field: column.field, line: record.line, column: columns[column].map { header[$0] }, refusal))
    }
}
