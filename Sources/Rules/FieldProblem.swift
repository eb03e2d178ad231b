/// One thing wrong with a value a door received: which field (and, in a file, which line and
/// column), a stable ``ProblemCode``, and the reason in words a person can act on. Every module
/// reports bad input in this one shape; the server turns it into problem JSON, the pages show it
/// beside the field, the command line prints it.
public struct FieldProblem: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The field, as the JSON API names it (`stall`, `bankBin`, `items[1].amount`), or the
    /// column as an imported file's header names it (`Số tài khoản`).
    public var field: String
    /// The line of the imported file the row starts on, for problems found in a file.
    public var line: Int?
    /// The column as the file's header names it (`Số tài khoản`), for problems found in a file.
    public var column: String?
    /// Why, as a stable code.
    public var code: ProblemCode
    /// What is wrong, in words a person can act on.
    public var reason: String

    /// A problem with `field`, on `line` of a file when given.
    public init(field: String, line: Int? = nil, column: String? = nil, code: ProblemCode = .invalidValue, reason: String) {
        self.field = field
        self.line = line
        self.column = column
        self.code = code
        self.reason = reason
    }

    /// The problem of `refusal` placed at `field` (and `line` and `column`).
    public init(field: String, line: Int? = nil, column: String? = nil, _ refusal: Refusal) {
        self.init(field: field, line: line, column: column, code: refusal.code, reason: refusal.reason)
    }

    /// The field of a problem with a whole file (no header, no rows, a quote never closed).
    public static let wholeFile = "file"

    /// `line 4, stall: the stall code is empty`; in a file, `line 7, column 'Số tiền': …`, and
    /// `line 2: the list has no bills` for the whole file.
    public var description: String {
        let place = column.map { "column '\($0)'" } ?? (field == Self.wholeFile && line != nil ? nil : field)
        return [line.map { "line \($0)" }, place].compactMap { $0 }.joined(separator: ", ") + ": " + reason
    }
}

/// A request or a file that cannot be used; `problems` holds every problem, not only the first.
public struct InvalidFields: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [FieldProblem]

    public init(_ problems: [FieldProblem]) {
        self.problems = problems
    }

    /// One problem a line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Why one value is refused, before it is placed at a field: what each rule throws.
public struct Refusal: Error, Sendable, Hashable {
    public var code: ProblemCode
    public var reason: String

    public init(_ code: ProblemCode, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
