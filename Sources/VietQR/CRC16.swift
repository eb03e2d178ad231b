/// CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR),
/// the checksum EMVCo MPM §4.7.3 and NAPAS §5.2.15 put in tag `63`.
///
/// The check value of the catalogue, CRC over the ASCII bytes of `123456789`, is `0x29B1`.
public enum CRC16 {
    /// The CRC of `bytes`, continuing from `crc` (start with the default to begin a new one).
    @inlinable
    public static func ccittFalse(_ bytes: UnsafeBufferPointer<UInt8>, continuing crc: UInt16 = 0xFFFF) -> UInt16 {
        var crc = crc
        for byte in bytes {
            crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    /// The CRC of any sequence of bytes, such as `string.utf8`.
    @inlinable
    public static func ccittFalse<Bytes: Sequence>(_ bytes: Bytes) -> UInt16 where Bytes.Element == UInt8 {
        if let crc = bytes.withContiguousStorageIfAvailable({ ccittFalse($0) }) { return crc }
        return Array(bytes).withUnsafeBufferPointer { ccittFalse($0) }
    }

    /// The four uppercase hexadecimal digits EMV writes for a CRC, zero-padded (`0x0283` → `"0283"`).
    public static func hex(_ crc: UInt16) -> String {
        String(unsafeUninitializedCapacity: 4) { buffer in
            for i in 0..<4 { buffer[i] = hexDigits[Int((crc >> (12 - 4 * UInt16(i))) & 0xF)] }
            return 4
        }
    }

    @usableFromInline static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    @usableFromInline static let table: [UInt16] = (0..<256).map { index in
        var crc = UInt16(index) << 8
        for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        return crc
    }
}
