import QRCode

extension QRCodeError: ProblemConvertible {
    /// 422 for what cannot be made into a QR code (too long, nothing to encode, a bad size),
    /// 500 when libqrencode itself fails.
    var problem: APIProblem {
        switch self {
        case .encoderFailed: APIProblem(.internalServerError, "the QR code could not be made")
        case .empty, .tooLong, .notAlphanumeric, .scaleOutOfRange, .invalidSize: .unprocessable(description)
        }
    }
}
