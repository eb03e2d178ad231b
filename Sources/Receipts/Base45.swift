/// Base45 (RFC 9285): bytes as text of the 45 characters a QR code's alphanumeric mode holds,
/// as the EU digital COVID certificate writes its `HC1:` codes.
public enum Base45 {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)

    /// Each byte's value in the alphabet, 0xFF for a byte outside it.
    private static let values: [UInt8] = {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() { values[Int(character)] = UInt8(value) }
        return values
    }()

    /// Every two bytes as three characters, a last odd byte as two.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 1) / 2 * 3)
        var index = 0
        while index + 1 < bytes.count {
            var n = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            for _ in 0..<3 {
                out.append(alphabet[n % 45])
                n /= 45
            }
            index += 2
        }
        if index < bytes.count {
            let n = Int(bytes[index])
            out.append(alphabet[n % 45])
            out.append(alphabet[n / 45])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `text`; refuses characters outside the alphabet, a dangling character and
    /// triples above 65535.
    public static func decode(_ text: String) throws(ReceiptError) -> [UInt8] {
        var digits = [UInt8](repeating: 0, count: text.utf8.count)
        var count = 0
        let values = Self.values
        for byte in text.utf8 {
            let value = values[Int(byte)]
            guard value != 0xFF else {
                throw .malformed("'\(String(decoding: [byte], as: UTF8.self))' is not a Base45 character")
            }
            digits[count] = value
            count += 1
        }
        guard count % 3 != 1 else { throw .malformed("the Base45 text has a dangling character") }
        var out: [UInt8] = []
        out.reserveCapacity(count / 3 * 2 + 1)
        var index = 0
        while index < count {
            if index + 2 < count {
                let n = Int(digits[index]) + Int(digits[index + 1]) * 45 + Int(digits[index + 2]) * 45 * 45
                guard n <= 0xFFFF else { throw .malformed("a Base45 triple is above 65535") }
                out.append(UInt8(n >> 8))
                out.append(UInt8(n & 0xFF))
                index += 3
            } else {
                let n = Int(digits[index]) + Int(digits[index + 1]) * 45
                guard n <= 0xFF else { throw .malformed("the last Base45 pair is above 255") }
                out.append(UInt8(n))
                index += 2
            }
        }
        return out
    }
}
