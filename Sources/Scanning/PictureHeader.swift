/// The size a PNG or JPEG file declares in its header, read before a single pixel is decoded:
/// a photo is judged by it (at most so many megapixels) before `zbarimg` is given it, so that a
/// small file declaring a huge picture (a "decompression bomb") is never decoded.
public struct PictureHeader: Sendable, Hashable {
    public enum Format: String, Sendable {
        case png = "PNG"
        case jpeg = "JPEG"
    }

    public var format: Format
    public var width: Int
    public var height: Int

    /// Width × height.
    public var pixels: Int { width.multipliedReportingOverflow(by: height).overflow ? .max : width * height }

    /// The header of `bytes`, or nil when they are neither a PNG nor a JPEG whose size can be read.
    /// One pass over the JPEG's segment headers: linear in the file's length.
    public init?(_ bytes: [UInt8]) {
        if let size = Self.png(bytes) {
            (format, width, height) = (.png, size.width, size.height)
        } else if let size = Self.jpeg(bytes) {
            (format, width, height) = (.jpeg, size.width, size.height)
        } else {
            return nil
        }
    }

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// PNG: the signature, then the IHDR chunk, whose first fields are the width and the height.
    private static func png(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count >= 24, Array(bytes[0..<8]) == pngSignature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        return (bigEndian(bytes, at: 16, count: 4), bigEndian(bytes, at: 20, count: 4))
    }

    /// JPEG: segments after SOI (FF D8), each a marker and a length, until a start-of-frame
    /// (SOF0–SOF15 but DHT, JPG and DAC) gives the height and the width.
    private static func jpeg(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var index = 2
        while index + 3 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            if marker == 0xFF {  // fill byte
                index += 1
                continue
            }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) {  // markers without a length
                index += 2
                continue
            }
            let length = bigEndian(bytes, at: index + 2, count: 2)
            guard length >= 2 else { return nil }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard index + 9 <= bytes.count, length >= 7 else { return nil }
                return (bigEndian(bytes, at: index + 7, count: 2), bigEndian(bytes, at: index + 5, count: 2))
            }
            if marker == 0xDA || marker == 0xD9 { return nil }  // image data or its end before any frame
            index += 2 + length
        }
        return nil
    }

    private static func bigEndian(_ bytes: [UInt8], at index: Int, count: Int) -> Int {
        bytes[index..<index + count].reduce(0) { $0 << 8 | Int($1) }
    }
}
