/// The subset of CBOR (RFC 8949) a seal uses: integers, byte and text strings, arrays, maps,
/// tags and the simple values false, true and null. Encoding is deterministic (shortest heads,
/// definite lengths, map entries in the order given); decoding accepts only that form and refuses
/// anything else as ``ReceiptError/malformed(_:)``.
///
/// Only a tag's value is boxed (arrays and maps keep their items in their own storage): a seal's
/// claims are then written and read with a few allocations rather than one per value.
public enum CBOR: Sendable, Hashable {
    case unsigned(UInt64)
    /// A negative integer: the value is -1 - n.
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBOR])
    /// Entries in the order they are written.
    case map([(CBOR, CBOR)])
    indirect case tagged(UInt64, CBOR)
    case bool(Bool)
    case null

    /// An integer of either sign.
    public static func int(_ value: Int64) -> CBOR {
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-1 - value))
    }

    /// The value as an integer, when it is one that fits.
    public var int: Int64? {
        switch self {
        case .unsigned(let n): n <= UInt64(Int64.max) ? Int64(n) : nil
        case .negative(let n): n <= UInt64(Int64.max) ? -1 - Int64(n) : nil
        default: nil
        }
    }

    /// The value of `key` in a map with integer keys.
    public subscript(key: Int64) -> CBOR? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.0.int == key }?.1
    }

    /// Equal when their encodings are: texts compare by their UTF-8 bytes, not as Swift strings.
    public static func == (lhs: CBOR, rhs: CBOR) -> Bool {
        switch (lhs, rhs) {
        case let (.unsigned(a), .unsigned(b)), let (.negative(a), .negative(b)): a == b
        case let (.bytes(a), .bytes(b)): a == b
        case let (.text(a), .text(b)): a.utf8.elementsEqual(b.utf8)
        case let (.array(a), .array(b)): a == b
        case let (.map(a), .map(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.tagged(t, a), .tagged(u, b)): t == u && a == b
        case let (.bool(a), .bool(b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(encoded()) }

    // MARK: Encoding

    /// The value's bytes.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        encode(into: &out)
        return out
    }

    private func encode(into out: inout [UInt8]) {
        switch self {
        case .unsigned(let n): Self.head(0, n, into: &out)
        case .negative(let n): Self.head(1, n, into: &out)
        case .bytes(let bytes):
            Self.head(2, UInt64(bytes.count), into: &out)
            out += bytes
        case .text(let text):
            Self.head(3, UInt64(text.utf8.count), into: &out)
            out += text.utf8
        case .array(let items):
            Self.head(4, UInt64(items.count), into: &out)
            for item in items { item.encode(into: &out) }
        case .map(let entries):
            Self.head(5, UInt64(entries.count), into: &out)
            for (key, value) in entries {
                key.encode(into: &out)
                value.encode(into: &out)
            }
        case .tagged(let tag, let value):
            Self.head(6, tag, into: &out)
            value.encode(into: &out)
        case .bool(let value): out.append(value ? 0xF5 : 0xF4)
        case .null: out.append(0xF6)
        }
    }

    /// A byte string's encoding appended to `out`, for writers that skip building values.
    static func appendBytes(_ bytes: [UInt8], into out: inout [UInt8]) {
        head(2, UInt64(bytes.count), into: &out)
        out += bytes
    }

    /// A head (major type and argument, in its shortest form) appended to `out`.
    static func head(_ major: UInt8, _ value: UInt64, into out: inout [UInt8]) {
        let type = major << 5
        switch value {
        case 0..<24: out.append(type | UInt8(value))
        case 24...0xFF: bigEndian(type | 24, value, count: 1, into: &out)
        case 0x100...0xFFFF: bigEndian(type | 25, value, count: 2, into: &out)
        case 0x1_0000...0xFFFF_FFFF: bigEndian(type | 26, value, count: 4, into: &out)
        default: bigEndian(type | 27, value, count: 8, into: &out)
        }
    }

    /// `initial`, then the low `count` bytes of `value`, most significant first.
    private static func bigEndian(_ initial: UInt8, _ value: UInt64, count: Int, into out: inout [UInt8]) {
        out.append(initial)
        for index in (0..<count).reversed() { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }

    // MARK: Decoding

    /// Decodes exactly one value filling all of `bytes`.
    public static func decode(_ bytes: [UInt8]) throws(ReceiptError) -> CBOR {
        var reader = Reader(bytes: bytes)
        let value = try reader.value(depth: 0)
        guard reader.offset == bytes.count else {
            throw .malformed("\(bytes.count - reader.offset) bytes follow the CBOR value")
        }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func byte() throws(ReceiptError) -> UInt8 {
            guard offset < bytes.count else { throw .malformed("the CBOR data ends early") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func take(_ count: UInt64) throws(ReceiptError) -> [UInt8] {
            guard count <= UInt64(bytes.count - offset) else { throw .malformed("the CBOR data ends early") }
            defer { offset += Int(count) }
            return Array(bytes[offset..<offset + Int(count)])
        }

        mutating func argument(_ info: UInt8) throws(ReceiptError) -> UInt64 {
            let width: Int
            switch info {
            case 0..<24: return UInt64(info)
            case 24: width = 1
            case 25: width = 2
            case 26: width = 4
            case 27: width = 8
            default: throw .malformed("indefinite or reserved CBOR lengths are not used in a seal")
            }
            guard width <= bytes.count - offset else { throw .malformed("the CBOR data ends early") }
            var value: UInt64 = 0
            for byte in bytes[offset..<offset + width] { value = value << 8 | UInt64(byte) }
            offset += width
            let shortest: UInt64 = width == 1 ? 24 : 1 << (4 * UInt64(width))
            guard value >= shortest else { throw .malformed("a CBOR head is not in its shortest form") }
            return value
        }

        mutating func value(depth: Int) throws(ReceiptError) -> CBOR {
            guard depth < 16 else { throw .malformed("CBOR nested too deeply") }
            let initial = try byte()
            let major = initial >> 5
            let info = initial & 0x1F
            if major == 7 {
                switch info {
                case 20: return .bool(false)
                case 21: return .bool(true)
                case 22: return .null
                default: throw .malformed("CBOR simple value \(info) is not used in a seal")
                }
            }
            let argument = try argument(info)
            switch major {
            case 0: return .unsigned(argument)
            case 1: return .negative(argument)
            case 2: return .bytes(try take(argument))
            case 3:
                guard argument <= UInt64(bytes.count - offset) else { throw .malformed("the CBOR data ends early") }
                let utf8 = bytes[offset..<offset + Int(argument)]
                offset += Int(argument)
                guard let text = String(validating: utf8, as: UTF8.self) else { throw .malformed("a CBOR text is not UTF-8") }
                return .text(text)
            case 4:
                guard argument <= UInt64(bytes.count - offset) else { throw .malformed("the CBOR data ends early") }
                var items: [CBOR] = []
                items.reserveCapacity(Int(argument))
                for _ in 0..<argument { items.append(try value(depth: depth + 1)) }
                return .array(items)
            case 5:
                guard argument <= UInt64(bytes.count - offset) else { throw .malformed("the CBOR data ends early") }
                var entries: [(CBOR, CBOR)] = []
                entries.reserveCapacity(Int(argument))
                // Small unsigned keys (a seal's are 0 to 11) are checked for repeats in a bit set,
                // others by their bytes in a set: only one encoding of a value is read, so two keys
                // are equal exactly when their bytes are.
                var smallKeys: UInt64 = 0
                var otherKeys: Set<ArraySlice<UInt8>> = []
                for _ in 0..<argument {
                    let start = offset
                    let key = try value(depth: depth + 1)
                    let repeated: Bool
                    if case .unsigned(let n) = key, n < 64 {
                        repeated = smallKeys & (1 << n) != 0
                        smallKeys |= 1 << n
                    } else {
                        repeated = !otherKeys.insert(bytes[start..<offset]).inserted
                    }
                    guard !repeated else { throw .malformed("a CBOR map repeats a key") }
                    entries.append((key, try value(depth: depth + 1)))
                }
                return .map(entries)
            default:
                return .tagged(argument, try value(depth: depth + 1))
            }
        }
    }
}
