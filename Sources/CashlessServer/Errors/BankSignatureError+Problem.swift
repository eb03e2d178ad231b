import Operations

extension BankSignatureError: ProblemConvertible {
    /// 401: the notification is not the bank's; nothing changed.
    var problem: APIProblem { APIProblem(.unauthorized, description) }
}
