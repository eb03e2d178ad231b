/// A zlib-free DEFLATE stream (RFC 1951) for the images QR writers make: rows made of runs of
/// one byte, and rows repeated whole.
///
/// The caller tells the encoder the structure instead of having it searched for: ``runs(_:)``
/// writes a row with each run of equal bytes as a literal and a copy at distance 1, and
/// ``repeatRow(_:times:)`` copies the row just written. ``finish()`` writes one block with
/// Huffman codes built for what was written (a QR image needs only a few literals, so each
/// costs a bit or two). The output depends only on the input: the same image, the same bytes.
struct Deflate {
    /// A literal byte (below 256), or `matchFlag | length << 16 | distance`.
    private var tokens: [UInt32] = []
    private static let matchFlag: UInt32 = 1 << 31
    /// How often each literal/length symbol and each distance code is used, counted as tokens
    /// are added (the end-of-block symbol once).
    private var literalFrequencies: [Int] = {
        var counts = [Int](repeating: 0, count: 286)
        counts[256] = 1
        return counts
    }()
    private var distanceFrequencies = [Int](repeating: 0, count: 30)

    /// Writes `bytes`, each run of 4 or more equal bytes as a literal and a copy at distance 1.
    mutating func runs(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                var end = index + 1
                while end < bytes.count, bytes[end] == byte { end += 1 }
                if end - index >= 4 {
                    literal(byte)
                    copy(distance: 1, count: end - index - 1) { _ in byte }
                } else {
                    for _ in index..<end { literal(byte) }
                }
                index = end
            }
        }
    }

    /// Writes `row`, which must be what was written last, `times` more times.
    mutating func repeatRow(_ row: [UInt8], times: Int) {
        precondition(row.count <= 32768, "a row longer than the DEFLATE window")
        copy(distance: row.count, count: row.count * times) { row[$0 % row.count] }
    }

    /// `count` bytes equal to those `distance` before them, as matches of 3–258 bytes; `byte(i)`
    /// spells the `i`th as a literal when fewer than 3 are left.
    private mutating func copy(distance: Int, count: Int, byte: (Int) -> UInt8) {
        var written = 0
        while count - written >= 3 {
            var length = min(count - written, 258)
            if (1...2).contains(count - written - length) { length = count - written - 3 }  // leave 3 for the last
            tokens.append(Deflate.matchFlag | UInt32(length) << 16 | UInt32(distance))
            literalFrequencies[Int(Deflate.lengthCodes[length].symbol)] += 1
            distanceFrequencies[Deflate.distanceCode(distance).code] += 1
            written += length
        }
        for offset in written..<count { literal(byte(offset)) }
    }

    @inline(__always)
    private mutating func literal(_ byte: UInt8) {
        tokens.append(UInt32(byte))
        literalFrequencies[Int(byte)] += 1
    }

    /// The stream: one final block with dynamic Huffman codes.
    func finish() -> [UInt8] {
        let lengthCodes = Deflate.lengthCodes
        let literalCode = HuffmanCode(frequencies: literalFrequencies, limit: 15)
        let distanceCode = HuffmanCode(frequencies: distanceFrequencies, limit: 15)

        var bits = BitWriter(capacity: tokens.count)
        bits.write(1, count: 1)  // BFINAL: the only block
        bits.write(2, count: 2)  // BTYPE = 10: dynamic Huffman codes
        Deflate.writeCodeLengths(literal: literalCode, distance: distanceCode, to: &bits)
        for token in tokens {
            if token & Deflate.matchFlag == 0 {
                literalCode.write(Int(token), to: &bits)
            } else {
                let length = Int(token >> 16 & 0x1FF)
                let lengthCode = lengthCodes[length]
                literalCode.write(Int(lengthCode.symbol), to: &bits)
                bits.write(UInt32(length - Int(lengthCode.base)), count: Int(lengthCode.extraBits))
                let distance = Deflate.distanceCode(Int(token & 0xFFFF))
                distanceCode.write(distance.code, to: &bits)
                bits.write(distance.extra, count: distance.extraBits)
            }
        }
        literalCode.write(256, to: &bits)
        return bits.finish()
    }

    /// The block header after BTYPE: HLIT, HDIST, HCLEN, the code length code, then the lengths
    /// of both codes run-length encoded with it (RFC 1951 §3.2.7).
    private static func writeCodeLengths(literal: HuffmanCode, distance: HuffmanCode, to bits: inout BitWriter) {
        let literalCount = max(257, (literal.lengths.lastIndex(where: { $0 > 0 }) ?? 0) + 1)
        let distanceCount = max(1, (distance.lengths.lastIndex(where: { $0 > 0 }) ?? 0) + 1)
        let lengths = Array(literal.lengths[..<literalCount]) + Array(distance.lengths[..<distanceCount])

        // Symbols 0–15 are lengths; 16 repeats the previous 3–6 times, 17 and 18 write 3–10 and
        // 11–138 zeros. Each entry: symbol, extra bits value, extra bit count.
        var symbols: [(symbol: Int, extra: UInt32, extraBits: Int)] = []
        var index = 0
        while index < lengths.count {
            let length = lengths[index]
            var run = 1
            while index + run < lengths.count, lengths[index + run] == length { run += 1 }
            var left = run
            if length == 0 {
                while left >= 11 {
                    let n = min(left, 138)
                    symbols.append((18, UInt32(n - 11), 7))
                    left -= n
                }
                if left >= 3 {
                    symbols.append((17, UInt32(left - 3), 3))
                    left = 0
                }
            } else {
                symbols.append((Int(length), 0, 0))
                left -= 1
                while left >= 3 {
                    let n = min(left, 6)
                    symbols.append((16, UInt32(n - 3), 2))
                    left -= n
                }
            }
            for _ in 0..<left { symbols.append((Int(length), 0, 0)) }
            index += run
        }
        var frequencies = [Int](repeating: 0, count: 19)
        for entry in symbols { frequencies[entry.symbol] += 1 }
        let lengthCode = HuffmanCode(frequencies: frequencies, limit: 7)
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        let orderCount = max(4, (order.lastIndex(where: { lengthCode.lengths[$0] > 0 }) ?? 0) + 1)

        bits.write(UInt32(literalCount - 257), count: 5)
        bits.write(UInt32(distanceCount - 1), count: 5)
        bits.write(UInt32(orderCount - 4), count: 4)
        for symbol in order[..<orderCount] { bits.write(UInt32(lengthCode.lengths[symbol]), count: 3) }
        for entry in symbols {
            lengthCode.write(entry.symbol, to: &bits)
            bits.write(entry.extra, count: entry.extraBits)
        }
    }

    /// For each match length 3–258 (index = length): its symbol, the length that symbol starts
    /// at, and how many extra bits follow.
    private static let lengthCodes: [(symbol: UInt16, base: UInt16, extraBits: UInt8)] = {
        let bases = [
            3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
            67, 83, 99, 115, 131, 163, 195, 227, 258,
        ]
        let extra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        var table = [(symbol: UInt16, base: UInt16, extraBits: UInt8)](repeating: (0, 0, 0), count: 259)
        for length in 3...258 {
            let index = bases.lastIndex(where: { $0 <= length })!
            table[length] = (UInt16(257 + index), UInt16(bases[index]), UInt8(extra[index]))
        }
        return table
    }()

    /// A distance's code 0–29 and its extra bits: codes 0–3 are distances 1–4; above, two
    /// codes per power of two, with log2(distance − 1) − 1 extra bits.
    private static func distanceCode(_ distance: Int) -> (code: Int, extra: UInt32, extraBits: Int) {
        let value = distance - 1
        guard value >= 4 else { return (value, 0, 0) }
        let log = Int.bitWidth - 1 - value.leadingZeroBitCount
        let half = value >> (log - 1) & 1
        return (2 * log + half, UInt32(value - ((2 | half) << (log - 1))), log - 1)
    }
}

/// A canonical Huffman code (RFC 1951 §3.2.2) with lengths limited to `limit` bits.
struct HuffmanCode {
    /// The code length of each symbol; 0 for symbols not used.
    let lengths: [UInt8]
    /// Each symbol's code, bit-reversed so that it can be written least significant bit first.
    private let codes: [UInt32]

    /// The code for symbols used as often as `frequencies` says. A lone symbol gets one bit.
    init(frequencies: [Int], limit: Int) {
        var weights = frequencies
        var lengths = [UInt8](repeating: 0, count: frequencies.count)
        while true {
            lengths = HuffmanCode.treeDepths(weights)
            if lengths.allSatisfy({ $0 <= limit }) { break }
            // Too deep: flatten the weights and build again.
            weights = weights.map { $0 == 0 ? 0 : ($0 + 1) / 2 }
        }
        self.lengths = lengths
        var codes = [UInt32](repeating: 0, count: lengths.count)
        var next: UInt32 = 0
        for length in 1...max(1, Int(lengths.max() ?? 0)) {
            for symbol in lengths.indices where lengths[symbol] == length {
                var reversed: UInt32 = 0
                for bit in 0..<length where next & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
                codes[symbol] = reversed
                next += 1
            }
            next <<= 1
        }
        self.codes = codes
    }

    @inline(__always)
    func write(_ symbol: Int, to bits: inout BitWriter) {
        bits.write(codes[symbol], count: Int(lengths[symbol]))
    }

    /// The depth of each used symbol in a Huffman tree over `weights` (two-queue construction).
    private static func treeDepths(_ weights: [Int]) -> [UInt8] {
        var depths = [UInt8](repeating: 0, count: weights.count)
        let leaves = weights.indices.filter { weights[$0] > 0 }.sorted { (weights[$0], $0) < (weights[$1], $1) }
        guard leaves.count > 1 else {
            if let only = leaves.first { depths[only] = 1 }
            return depths
        }
        // Nodes 0..<n are the leaves in weight order; n... are the merged nodes, made in weight order.
        let n = leaves.count
        var weight = leaves.map { weights[$0] } + [Int](repeating: 0, count: n - 1)
        var parent = [Int](repeating: -1, count: 2 * n - 1)
        var nextLeaf = 0
        var nextMerged = n
        func takeLightest(before end: Int) -> Int {
            if nextLeaf < n, nextMerged >= end || weight[nextLeaf] <= weight[nextMerged] {
                nextLeaf += 1
                return nextLeaf - 1
            }
            nextMerged += 1
            return nextMerged - 1
        }
        for node in n..<(2 * n - 1) {
            let first = takeLightest(before: node)
            let second = takeLightest(before: node)
            weight[node] = weight[first] + weight[second]
            parent[first] = node
            parent[second] = node
        }
        var depth = [Int](repeating: 0, count: 2 * n - 1)
        for node in stride(from: 2 * n - 3, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }
        for (rank, symbol) in leaves.enumerated() { depths[symbol] = UInt8(min(depth[rank], 255)) }
        return depths
    }
}

/// Bits packed least significant first into bytes, as DEFLATE stores them.
struct BitWriter {
    private var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var used = 0

    /// A writer with room for `capacity` bytes before it grows.
    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Writes the low `count` bits (at most 32) of `value`.
    @inline(__always)
    mutating func write(_ value: UInt32, count: Int) {
        guard count > 0 else { return }
        buffer |= UInt64(value & (UInt32.max >> (32 - count))) << used
        used += count
        if used >= 32 {
            // Four bytes at a time, least significant first, in one append.
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: buffer).littleEndian) { bytes.append(contentsOf: $0) }
            buffer >>= 32
            used -= 32
        }
    }

    /// Pads the last byte with zero bits and returns everything written.
    mutating func finish() -> [UInt8] {
        while used > 0 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            used = max(0, used - 8)
        }
        return bytes
    }
}
