import Rules

extension APIProblem.FieldError {
    /// A field's problem as problem JSON carries it.
    init(_ problem: FieldProblem) {
        self.init(
            field: problem.field,
            line: problem.line,
            column: problem.column,
            code: problem.code.rawValue,
            reason: problem.reason
        )
    }
}

extension InvalidFields: ProblemConvertible {
    /// 422 naming every field, or every line and column of a file; nothing was written.
    var problem: APIProblem {
        let rows = Set(problems.compactMap(\.line))
        let detail =
            rows.isEmpty
            ? "\(problems.count) field\(problems.count == 1 ? "" : "s") must be corrected"
            : "\(rows.count) row\(rows.count == 1 ? "" : "s") of the file must be corrected; nothing was imported"
        return .unprocessable(detail, errors: problems.map(APIProblem.FieldError.init))
    }
}

extension FieldProblem: ProblemConvertible {
    /// 422 naming the field.
    var problem: APIProblem { InvalidFields([self]).problem }
}
