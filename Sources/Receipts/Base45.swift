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
    public static func encode(_ bytes: [UInt8]) -> String { encode(bytes, after: "") }

    /// `prefix` followed by the Base45 of `bytes`, in one string.
    static func encode(_ bytes: [UInt8], after prefix: String) -> String {
        String(unsafeUninitializedCapacity: prefix.utf8.count + (bytes.count + 1) / 2 * 3) { out in
            alphabet.withUnsafeBufferPointer { alphabet in
                var index = 0
                var written = 0
                for byte in prefix.utf8 {
                    out[written] = byte
                    written += 1
                }
                while index + 1 < bytes.count {
                    var n = Int(bytes[index]) << 8 | Int(bytes[index + 1])
                    for _ in 0..<3 {
                        out[written] = alphabet[n % 45]
                        written += 1
                        n /= 45
                    }
                    index += 2
                }
                if index < bytes.count {
                    let n = Int(bytes[index])
                    out[written] = alphabet[n % 45]
                    out[written + 1] = alphabet[n / 45]
                    written += 2
                }
                return written
            }
        }
    }

    /// The bytes of `text`; refuses characters outside the alphabet, a dangling character and
    /// triples above 65535.
    public static func decode(_ text: String) throws(ReceiptError) -> [UInt8] {
        var text = text
        return try text.withUTF8 { utf8 in Self.values.withUnsafeBufferPointer { decode(utf8, values: $0) } }.get()
    }

    private static func decode(_ utf8: UnsafeBufferPointer<UInt8>, values: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], ReceiptError> {
        for byte in utf8 where values[Int(byte)] == 0xFF {
            return .failure(.malformed("'\(String(decoding: [byte], as: UTF8.self))' is not a Base45 character"))
        }
        let count = utf8.count
        guard count % 3 != 1 else { return .failure(.malformed("the Base45 text has a dangling character")) }
        var failure: ReceiptError?
        let out = [UInt8](unsafeUninitializedCapacity: count / 3 * 2 + 1) { buffer, written in
            var index = 0
            written = 0
            while index < count {
                if index + 2 < count {
                    let n =
                        Int(values[Int(utf8[index])]) + Int(values[Int(utf8[index + 1])]) * 45
                        + Int(values[Int(utf8[index + 2])]) * 45 * 45
                    guard n <= 0xFFFF else {
                        failure = .malformed("a Base45 triple is above 65535")
                        return
                    }
                    buffer[written] = UInt8(n >> 8)
                    buffer[written + 1] = UInt8(n & 0xFF)
                    written += 2
                    index += 3
                } else {
                    let n = Int(values[Int(utf8[index])]) + Int(values[Int(utf8[index + 1])]) * 45
                    guard n <= 0xFF else {
                        failure = .malformed("the last Base45 pair is above 255")
                        return
                    }
                    buffer[written] = UInt8(n)
                    written += 1
                    index += 2
                }
            }
        }
        if let failure { return .failure(failure) }
        return .success(out)
    }
}
