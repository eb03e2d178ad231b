import Operations

extension BillingError: ProblemConvertible {
    /// 409: the unit must be given a bank account first.
    var problem: APIProblem { .conflict(description) }
}
