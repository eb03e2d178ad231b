/// Something wrong with a row of an imported CSV (a bill list, a bank statement), pointing at the
/// line and the column (as the file names it).
public struct TableProblem: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: String?
    public var message: String

    public init(line: Int, column: String? = nil, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line 7, column 'Số tiền': …`
    public var description: String {
        "line \(line)" + (column.map { ", column '\($0)'" } ?? "") + ": " + message
    }
}

/// A CSV that cannot be used; `problems` holds every bad row, not only the first.
public struct InvalidTable: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [TableProblem]

    public init(problems: [TableProblem]) {
        self.problems = problems
    }

    /// One problem a line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension TableProblem {
    /// The problem a row reader found in one cell.
    init(_ problem: CellProblem) {
        self.init(line: problem.line, column: problem.column, message: problem.message)
    }
}
