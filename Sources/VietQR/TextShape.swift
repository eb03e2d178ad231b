/// What one pass over a text's UTF-8 bytes tells the field rules: its size and which
/// character classes it keeps to. Fields that pass as they are need no further work.
struct TextShape {
    /// UTF-8 bytes (characters, when ``printableASCII``).
    private(set) var count = 0
    /// Every byte is 0x20–0x7E, the EMV "ans" set.
    private(set) var printableASCII = true
    private(set) var digits = true
    /// Digits and ASCII letters only.
    private(set) var alphanumeric = true
    /// Neither the first nor the last byte is an ASCII space (and the text is not empty).
    private(set) var trimmed = true

    init(_ text: String) {
        if let shape = text.utf8.withContiguousStorageIfAvailable(TextShape.init(bytes:)) {
            self = shape
        } else {
            var copy = text
            self = copy.withUTF8(TextShape.init(bytes:))
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        count = bytes.count
        let classes = TextShape.classes.withUnsafeBufferPointer { table in
            bytes.reduce(UInt8(0b111)) { $0 & table[Int($1)] }
        }
        printableASCII = classes & TextShape.printable != 0
        digits = classes & TextShape.digit != 0 && count > 0
        alphanumeric = classes & TextShape.alphanumeric != 0 && count > 0
        trimmed = count > 0 && bytes[0] != 0x20 && bytes[count - 1] != 0x20
    }

    private static let digit: UInt8 = 1, alphanumeric: UInt8 = 2, printable: UInt8 = 4

    /// The classes of each byte value, so a scan is one load and one AND per byte.
    private static let classes: [UInt8] = (0..<256).map { byte in
        let isDigit = (0x30...0x39).contains(byte)
        let isLetter = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        return (isDigit ? digit : 0) | (isDigit || isLetter ? alphanumeric : 0) | ((0x20...0x7E).contains(byte) ? printable : 0)
    }
}
