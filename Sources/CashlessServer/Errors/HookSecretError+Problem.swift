import Operations

extension HookSecretError: ProblemConvertible {
    /// 401 for a sealed secret that does not open for its unit (a notification cannot be checked
    /// against it, as against a wrong secret); 500 for a key file this server lacks or cannot use,
    /// or a secret still in plain text: the operator's to mend (the answer gives the request id, the log why).
    var problem: APIProblem {
        switch self {
        case .unopened: APIProblem(.unauthorized, "the notification's signature cannot be checked against the unit's secret")
        case .keyMissing, .otherKey, .unreadable, .unwritable, .plainText:
            APIProblem(.internalServerError, description)
        }
    }
}
