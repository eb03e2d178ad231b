import NIOCore

/// A guard in front of MultipartKit's parser. MultipartKit 4.7 judges each byte of a part's header
/// name by indexing a table of the 128 ASCII bytes with it, so a byte past 127 there (a header
/// line `Tên: x` in UTF-8) stops the whole server with an index out of range, on the public verify
/// page and the sign-in form as on every page form. A header name is an ASCII token (RFC 7578,
/// RFC 9110): a body whose part headers say otherwise is refused before the parser sees it.
enum MultipartHeaderNames {
    struct Refused: Error {}

    /// Throws ``Refused`` when a part header of `body` (delimited by `boundary`) has a name with a
    /// byte past ASCII, or when `boundary` is empty or longer than RFC 2046's 70 characters (the
    /// limit that keeps this scan linear: each place a delimiter may start is compared once).
    static func check(_ body: ByteBuffer, boundary: String) throws {
        let delimiter = Array("--\(boundary)".utf8)
        guard !boundary.isEmpty, boundary.utf8.count <= 70 else { throw Refused() }
        let bytes = Array(body.readableBytesView)
        var start = 0
        while start + delimiter.count <= bytes.count {
            guard bytes[start] == UInt8(ascii: "-"), bytes[start..<(start + delimiter.count)].elementsEqual(delimiter) else {
                start += 1
                continue
            }
            start = try checkHeaders(bytes, from: start + delimiter.count)
        }
    }

    /// Reads the header lines that follow a delimiter at `index` (when a line break follows it, as
    /// the parser reads them), refusing a name with a byte past ASCII; the index after them.
    private static func checkHeaders(_ bytes: [UInt8], from index: Int) throws -> Int {
        var position = index
        guard position + 1 < bytes.count, bytes[position] == .cr, bytes[position + 1] == .lf else { return position }
        position += 2
        while position < bytes.count, bytes[position] != .cr {
            // The name: up to the colon (or the line's end).
            while position < bytes.count, bytes[position] != UInt8(ascii: ":"), bytes[position] != .cr {
                if bytes[position] > 0x7F { throw Refused() }
                position += 1
            }
            // The value, in any bytes, up to the line's end.
            while position < bytes.count, bytes[position] != .lf { position += 1 }
            position += 1
        }
        return position
    }
}

extension UInt8 {
    fileprivate static let cr = UInt8(ascii: "\r")
    fileprivate static let lf = UInt8(ascii: "\n")
}
