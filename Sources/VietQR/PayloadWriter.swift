/// Payload fields after trimming, folding and checking: exactly what is written.
/// Not copyable: it is built once and written once.
struct Normalized: ~Copyable {
    struct Alternate {
        var language: String
        var name: String
        var city: String?

        /// Characters in tag `64`'s value.
        var length: Int {
            6 + 4 + name.unicodeScalars.count + (city.map { 4 + $0.unicodeScalars.count } ?? 0)
        }
    }

    var bin: String
    var account: String
    var service: Payload.Service
    var initiation: Payload.Initiation
    var amount: UInt64?
    var name: String?
    var city: String?
    var bill: String?
    var store: String?
    var reference: String?
    var terminal: String?
    var purpose: String?
    var alternate: Alternate?

    /// Characters in tag `62`'s value.
    var additionalDataLength = 0

    /// Characters in tag `62`'s value (its sub-fields are ASCII, so characters are bytes).
    func computeAdditionalDataLength() -> Int {
        func length(_ value: String?) -> Int { value.map { 4 + $0.utf8.count } ?? 0 }
        return length(bill) + length(store) + length(reference) + length(terminal) + length(purpose)
    }

    /// The payload text with its CRC. Builds into one stack buffer and copies once into the string.
    func write() -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 768) { buffer in
            var out = ByteWriter(buffer: buffer)
            out.field(0, "01")
            out.field(1, initiation.code)
            let beneficiary = 4 + 6 + 4 + account.utf8.count
            out.header(38, 4 + 10 + 4 + beneficiary + 4 + 8)
            out.field(0, "A000000727")
            out.header(1, beneficiary)
            out.field(0, bin)
            out.field(1, account)
            out.field(2, service.code)
            out.field(53, "704")
            if let amount {
                out.header(54, ByteWriter.digitCount(amount))
                out.append(amount)
            }
            out.field(58, "VN")
            if let name { out.field(59, name) }
            if let city { out.field(60, city) }
            if additionalDataLength > 0 {
                out.header(62, additionalDataLength)
                if let bill { out.field(1, bill) }
                if let store { out.field(3, store) }
                if let reference { out.field(5, reference) }
                if let terminal { out.field(7, terminal) }
                if let purpose { out.field(8, purpose) }
            }
            if let alternate {
                out.header(64, alternate.length)
                out.field(0, alternate.language)
                out.field(1, unicode: alternate.name)
                if let city = alternate.city { out.field(2, unicode: city) }
            }
            out.append("6304")
            out.append(crc: CRC16.ccittFalse(UnsafeBufferPointer(rebasing: buffer[..<out.count])))
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<out.count]), as: UTF8.self)
        }
    }
}

/// Appends EMV data objects to a byte buffer sized for the largest payload.
struct ByteWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    /// A data object whose value is ASCII (every field but those of tag `64`).
    mutating func field(_ tag: UInt8, _ value: String) {
        header(tag, value.utf8.count)
        append(value)
    }

    /// A data object whose value may be any Unicode text; its length counts Unicode scalars.
    mutating func field(_ tag: UInt8, unicode value: String) {
        header(tag, value.unicodeScalars.count)
        append(value)
    }

    mutating func header(_ tag: UInt8, _ length: Int) {
        twoDigits(Int(tag))
        twoDigits(length)
    }

    mutating func append(_ text: String) {
        if let copied = text.utf8.withContiguousStorageIfAvailable({ append($0) }) { return copied }
        for byte in text.utf8 {
            buffer[count] = byte
            count += 1
        }
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[count...]))
            .copyMemory(from: UnsafeRawBufferPointer(bytes))
        count += bytes.count
    }

    mutating func append(_ number: UInt64) {
        let digits = ByteWriter.digitCount(number)
        var rest = number
        for index in stride(from: count + digits - 1, through: count, by: -1) {
            buffer[index] = 0x30 + UInt8(rest % 10)
            rest /= 10
        }
        count += digits
    }

    mutating func append(crc: UInt16) {
        buffer[count] = CRC16.hexDigit(crc >> 12)
        buffer[count + 1] = CRC16.hexDigit(crc >> 8)
        buffer[count + 2] = CRC16.hexDigit(crc >> 4)
        buffer[count + 3] = CRC16.hexDigit(crc)
        count += 4
    }

    private mutating func twoDigits(_ value: Int) {
        buffer[count] = 0x30 + UInt8(value / 10)
        buffer[count + 1] = 0x30 + UInt8(value % 10)
        count += 2
    }

    static func digitCount(_ number: UInt64) -> Int {
        var digits = 1
        var rest = number
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        return digits
    }
}
