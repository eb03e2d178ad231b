import Receipts

extension ReceiptError: ProblemConvertible {
    /// 422 for a seal, list or key that is malformed, or claims too long for a seal; 500 when
    /// OpenSSL fails at what should not fail.
    var problem: APIProblem {
        switch self {
        case .malformed, .badKey, .claimsTooLong: .unprocessable(description)
        case .crypto: APIProblem(.internalServerError, "a signature could not be made or checked")
        }
    }
}
