/// CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR),
/// the checksum EMVCo MPM §4.7.3 and NAPAS §5.2.15 put in tag `63`.
///
/// The check value of the catalogue, CRC over the ASCII bytes of `123456789`, is `0x29B1`.
/// Sixteen bytes are folded in per step ("slicing-by-16"), which is several times faster than one
/// table lookup per byte on a payload of 100–200 bytes: a byte-wise CRC waits for each lookup
/// before the next, here only two lookups in sixteen wait for the CRC before them.
public enum CRC16 {
    /// The CRC of `bytes`, continuing from `crc` (start with the default to begin a new one).
    public static func ccittFalse(_ bytes: UnsafeBufferPointer<UInt8>, continuing crc: UInt16 = 0xFFFF) -> UInt16 {
        scan(bytes, continuing: crc).crc
    }

    /// The CRC of `bytes`, and whether every byte is ASCII: the decoder needs both, and the
    /// second costs one OR per eight bytes already loaded for the first.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, continuing crc: UInt16 = 0xFFFF) -> (crc: UInt16, isASCII: Bool) {
        guard let base = bytes.baseAddress else { return (crc, true) }
        return tables.withUnsafeBufferPointer { table in
            var crc = crc
            var seen: UInt64 = 0
            var index = 0
            let count = bytes.count
            let raw = UnsafeRawPointer(base)
            @inline(__always) func entry(_ slice: Int, _ byte: UInt64) -> UInt16 { table[slice << 8 | Int(byte & 0xFF)] }
            while count &- index >= 16 {
                // Sixteen bytes in two loads, the first byte in the low bits; the CRC folds into the
                // first two. Only those two lookups wait for the CRC before: the other fourteen do not.
                let first = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self))
                seen |= first | second
                let folded = first ^ UInt64(crc.byteSwapped)
                let high =
                    entry(15, folded) ^ entry(14, folded >> 8) ^ entry(13, folded >> 16) ^ entry(12, folded >> 24)
                    ^ entry(11, folded >> 32) ^ entry(10, folded >> 40) ^ entry(9, folded >> 48) ^ entry(8, folded >> 56)
                let low =
                    entry(7, second) ^ entry(6, second >> 8) ^ entry(5, second >> 16) ^ entry(4, second >> 24)
                    ^ entry(3, second >> 32) ^ entry(2, second >> 40) ^ entry(1, second >> 48) ^ entry(0, second >> 56)
                crc = high ^ low
                index &+= 16
            }
            if count &- index >= 8 {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                seen |= word
                let folded = word ^ UInt64(crc.byteSwapped)
                crc =
                    entry(7, folded) ^ entry(6, folded >> 8) ^ entry(5, folded >> 16) ^ entry(4, folded >> 24)
                    ^ entry(3, folded >> 32) ^ entry(2, folded >> 40) ^ entry(1, folded >> 48) ^ entry(0, folded >> 56)
                index &+= 8
            }
            while index < count {
                let byte = bytes[index]
                seen |= UInt64(byte)
                crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
                index &+= 1
            }
            return (crc, seen & 0x8080_8080_8080_8080 == 0)
        }
    }

    /// The CRC of any sequence of bytes, such as `string.utf8`.
    public static func ccittFalse<Bytes: Sequence>(_ bytes: Bytes) -> UInt16 where Bytes.Element == UInt8 {
        if let crc = bytes.withContiguousStorageIfAvailable({ ccittFalse($0) }) { return crc }
        return Array(bytes).withUnsafeBufferPointer { ccittFalse($0) }
    }

    /// The four uppercase hexadecimal digits EMV writes for a CRC, zero-padded (`0x0283` → `"0283"`).
    public static func hex(_ crc: UInt16) -> String {
        String(unsafeUninitializedCapacity: 4) { buffer in
            for i in 0..<4 { buffer[i] = hexDigit(crc >> (12 - 4 * UInt16(i))) }
            return 4
        }
    }

    /// The uppercase hexadecimal digit of the low four bits of `nibble`.
    static func hexDigit(_ nibble: UInt16) -> UInt8 {
        let value = UInt8(truncatingIfNeeded: nibble & 0xF)
        return value < 10 ? 0x30 + value : 0x37 + value
    }

    /// Sixteen tables of 256 entries: table `k` holds the CRC of a byte followed by `k` zero bytes.
    private static let tables: [UInt16] = {
        var tables = [UInt16](repeating: 0, count: 16 * 256)
        for byte in 0..<256 {
            var crc = UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
            tables[byte] = crc
        }
        for slice in 1..<16 {
            for byte in 0..<256 {
                let previous = tables[(slice - 1) << 8 | byte]
                tables[slice << 8 | byte] = (previous << 8) ^ tables[Int(previous >> 8)]
            }
        }
        return tables
    }()
}
