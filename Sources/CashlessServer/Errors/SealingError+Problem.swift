import Operations

extension SealingError: ProblemConvertible {
    /// 409 for a unit without a key (say how to make one), 422 for fields too long for a seal,
    /// 500 (without the key's path) when this server cannot read the unit's key.
    var problem: APIProblem {
        switch self {
        case .noKey: .conflict(description)
        case .tooLong: .unprocessable("the receipt does not fit its seal", errors: [.init(field: "feeType", code: "too_long", reason: description)])
        case let .keyUnreadable(kid, _): APIProblem(.internalServerError, "the private key \(kid) cannot be read on this server")
        }
    }
}
