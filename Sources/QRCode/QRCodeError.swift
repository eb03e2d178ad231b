/// Why a QR symbol or one of its images could not be made.
public enum QRCodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// There is nothing to encode.
    case empty
    /// The text is longer, in UTF-8 bytes, than the largest symbol (version 40) holds at this
    /// error correction level.
    case tooLong(byteCount: Int, maximum: Int, errorCorrection: QRMatrix.ErrorCorrection)
    /// An image was asked for with a scale outside `QRMatrix.scaleRange` pixels per module.
    case scaleOutOfRange(Int)
    /// An SVG was asked for with a size that is not a positive number.
    case invalidSize(String)
    /// A character that the alphanumeric mode does not have.
    case notAlphanumeric(Character)
    /// libqrencode failed for a reason of its own (the C `errno` it left).
    case encoderFailed(errno: Int32)

    public var description: String {
        switch self {
        case .empty:
            "there is nothing to encode"
        case let .tooLong(byteCount, maximum, errorCorrection):
            "\(byteCount) bytes do not fit in a QR code at error correction \(errorCorrection.rawValue) (at most \(maximum))"
        case let .scaleOutOfRange(scale):
            "a scale of \(scale) pixels per module is out of range (\(QRMatrix.scaleRange.lowerBound)–\(QRMatrix.scaleRange.upperBound))"
        case let .invalidSize(size):
            "an image size must be a positive number (got \(size))"
        case let .notAlphanumeric(character):
            "'\(character)' is not one of the QR alphanumeric characters (0-9, A-Z, space, $%*+-./:)"
        case let .encoderFailed(errno):
            "libqrencode failed (errno \(errno))"
        }
    }
}
