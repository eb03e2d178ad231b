import Printing

extension PrintingError: ProblemConvertible {
    /// 422 for what the caller's data makes unprintable (text no font draws, a receipt too long,
    /// nothing to print, a code too long), 400 for a resolution out of range, 500 for a fault of
    /// the machine (no Vietnamese font, cairo failing).
    var problem: APIProblem {
        switch self {
        case .qrCode(_, let error), .sealCode(let error), .slipCode(_, let error):
            error.problem.status == .internalServerError ? error.problem : .unprocessable(description)
        case .unrenderableText, .unrenderableReceiptText, .unrenderableSlipText, .invalidReceipt, .receiptTooLong,
            .noPlacards, .noBillSlips:
            .unprocessable(description)
        case .resolutionOutOfRange:
            .badRequest(description)
        case .noVietnameseFont, .cairo:
            APIProblem(.internalServerError, "the document could not be drawn")
        }
    }
}
