import VietQR

extension InvalidPayload: ProblemConvertible {
    /// 422 naming each field of the payment code that cannot be made, by its tag.
    var problem: APIProblem {
        .unprocessable(
            "the payment code cannot be made",
            errors: problems.filter { $0.severity == .error }.map {
                APIProblem.FieldError(
                    field: $0.tag.flatMap(Payload.Field.init(tag:))?.rawValue ?? $0.tag,
                    code: $0.code.rawValue,
                    reason: $0.message
                )
            }
        )
    }
}
