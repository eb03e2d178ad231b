import QRCode

/// Why a placard, a market sheet, a receipt or a page of bill slips could not be printed.
public enum PrintingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The placard's payload could not be made into a QR code.
    case qrCode(stallCode: String, QRCodeError)
    /// A text holds characters that no installed font can draw: they would print as empty boxes.
    /// `stallCode` is `nil` for the market name.
    case unrenderableText(stallCode: String?, field: Placard.Field, text: String)
    /// No installed font draws Vietnamese (fonts-noto-core and fonts-dejavu-core are missing).
    case noVietnameseFont
    /// A market sheet was asked for without any placard.
    case noPlacards
    /// A receipt's field would print a wrong or empty receipt: which field, and why.
    case invalidReceipt(field: ReceiptDocument.Field, reason: String)
    /// A receipt's text holds characters that no installed font can draw.
    case unrenderableReceiptText(field: ReceiptDocument.Field, text: String)
    /// A receipt's seal could not be made into a QR code (alphanumeric mode, level M).
    case sealCode(QRCodeError)
    /// A receipt does not fit an A5 page even with its texts at their smallest (too many lines).
    case receiptTooLong(paper: ReceiptPaper, lineItemCount: Int)
    /// Bill slips were asked for without any slip.
    case noBillSlips
    /// A bill slip's payload could not be made into a QR code.
    case slipCode(billCode: String, QRCodeError)
    /// A bill slip's text (or, with no bill code, the sheet's title) holds characters that no
    /// installed font can draw.
    case unrenderableSlipText(billCode: String?, field: BillSlip.Field, text: String)
    /// A PNG was asked for at a resolution outside ``Placard/resolutionRange``.
    case resolutionOutOfRange(Int)
    /// cairo could not draw or write the document (its own status message).
    case cairo(String)

    public var description: String {
        switch self {
        case let .qrCode(stallCode, error):
            "stall \(stallCode): the payment code cannot be made into a QR code: \(error)"
        case let .unrenderableText(stallCode, field, text):
            "\(stallCode.map { "stall \($0): " } ?? "")\(field.label) '\(text)' has characters no installed font can draw"
        case .noVietnameseFont:
            "no installed font draws Vietnamese: install fonts-noto-core (scripts/bootstrap does)"
        case .noPlacards:
            "a market sheet needs at least one placard"
        case let .invalidReceipt(field, reason):
            "receipt: \(field.label) \(reason)"
        case let .unrenderableReceiptText(field, text):
            "receipt: \(field.label) '\(text)' has characters no installed font can draw"
        case let .sealCode(error):
            "receipt: the seal cannot be made into a QR code: \(error)"
        case let .receiptTooLong(paper, lineItemCount):
            "receipt: with \(lineItemCount) lines it does not fit one \(paper.rawValue) page even in small print; print it on the roll"
        case .noBillSlips:
            "bill slips need at least one bill"
        case let .slipCode(billCode, error):
            "bill \(billCode): the payment code cannot be made into a QR code: \(error)"
        case let .unrenderableSlipText(billCode, field, text):
            "\(billCode.map { "bill \($0): " } ?? "")\(field.label) '\(text)' has characters no installed font can draw"
        case let .resolutionOutOfRange(dotsPerInch):
            "a resolution of \(dotsPerInch) dpi is out of range (\(Placard.resolutionRange.lowerBound)–\(Placard.resolutionRange.upperBound))"
        case let .cairo(message):
            "cairo: \(message)"
        }
    }
}
