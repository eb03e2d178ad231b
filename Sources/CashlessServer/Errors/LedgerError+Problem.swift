import Ledger
import Rules

extension LedgerError: ProblemConvertible {
    /// 404 for what does not exist, 409 for a collision with what is stored, 422 for bad fields,
    /// 503 with `Retry-After` when the database is unavailable for a moment,
    /// 500 (saying only that the database answered unexpectedly) for a fault of the system.
    var problem: APIProblem {
        switch self {
        case let .notFound(record, id):
            .notFound("\(record.rawValue.replacingOccurrences(of: "_", with: " ")) \(id)")
        case let .conflict(problem):
            .conflict(problem.reason, errors: [APIProblem.FieldError(problem)])
        case let .invalidReference(problem):
            .unprocessable(problem.reason, errors: [APIProblem.FieldError(problem)])
        case let .invalid(problems):
            InvalidFields(problems).problem
        case let .unavailable(reason):
            APIProblem(.serviceUnavailable, "\(reason); try again shortly", retryAfter: 5)
        case let .unexpected(reason):
            APIProblem(.internalServerError, "the database answered unexpectedly: \(reason)")
        }
    }
}
