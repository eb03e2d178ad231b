/// The bytes of a grayscale PNG file (signature, `IHDR`, one `IDAT`, `IEND`), assembled from
/// rows given once with how many times each repeats. No time stamp or text chunk: the same
/// image always gives the same bytes.
struct PNGFile {
    private let width: Int
    private let height: Int
    private let bitDepth: UInt8
    private var deflate = Deflate()
    private var adler = Adler32()
    private var rowsWritten = 0
    private var lastRow: [UInt8] = []

    /// A file for an image `width` × `height` pixels of `bitDepth` (1 or 8) bits of gray.
    init(width: Int, height: Int, bitDepth: UInt8) {
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
    }

    /// Appends one row, its filter type byte then its packed pixels, `count` times.
    mutating func append(row: [UInt8], count: Int) {
        precondition(rowsWritten + count <= height, "more rows than the image is high")
        if row == lastRow {
            deflate.repeatRow(row, times: count)
        } else {
            deflate.runs(row)
            deflate.repeatRow(row, times: count - 1)
        }
        adler.append(row, times: count)
        lastRow = row
        rowsWritten += count
    }

    /// The whole file; every row must have been appended.
    mutating func finish() -> [UInt8] {
        precondition(rowsWritten == height, "fewer rows than the image is high")
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [bitDepth, 0, 0, 0, 0]  // gray, deflate, adaptive filtering, no interlace
        var zlib: [UInt8] = [0x78, 0x01]  // deflate with a 32 KiB window, no dictionary
        zlib += deflate.finish()
        zlib.appendBigEndian(adler.value)

        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file.reserveCapacity(file.count + zlib.count + 3 * 12 + header.count)
        file.appendChunk("IHDR", header)
        file.appendChunk("IDAT", zlib)
        file.appendChunk("IEND", [])
        return file
    }
}

/// The zlib checksum, fed with rows that repeat, each repeat in constant time.
struct Adler32 {
    private static let modulus: UInt32 = 65521
    private var a: UInt32 = 1
    private var b: UInt32 = 0

    /// Feeds `row` `times` times in a row.
    mutating func append(_ row: [UInt8], times: Int) {
        // Feeding bytes x₁…xₙ to (a, b) gives a + Σxᵢ and b + n·a + Σ(n − i + 1)·xᵢ.
        var sum: UInt64 = 0
        var weighted: UInt64 = 0
        let n = UInt64(row.count)
        row.withUnsafeBufferPointer { row in
            for index in row.indices {
                sum += UInt64(row[index])
                weighted += (n - UInt64(index)) * UInt64(row[index])
            }
        }
        let rowSum = UInt32(sum % UInt64(Adler32.modulus))
        let rowWeighted = UInt32(weighted % UInt64(Adler32.modulus))
        let length = UInt32(n % UInt64(Adler32.modulus))
        for _ in 0..<times {
            b = UInt32((UInt64(b) + UInt64(length) * UInt64(a) + UInt64(rowWeighted)) % UInt64(Adler32.modulus))
            a = (a + rowSum) % Adler32.modulus
        }
    }

    /// The checksum, `b` in the high half and `a` in the low half.
    var value: UInt32 { b << 16 | a }
}

/// The CRC-32 of PNG chunks (ISO 3309, reflected polynomial 0xEDB88320).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        return crc
    }

    static func checksum(_ parts: [UInt8]...) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for part in parts {
            for byte in part { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
    }

    /// Appends a PNG chunk: length, type, data, CRC of type and data.
    mutating func appendChunk(_ type: String, _ data: [UInt8]) {
        let typeBytes = Array(type.utf8)
        appendBigEndian(UInt32(data.count))
        append(contentsOf: typeBytes)
        append(contentsOf: data)
        appendBigEndian(CRC32.checksum(typeBytes, data))
    }
}
