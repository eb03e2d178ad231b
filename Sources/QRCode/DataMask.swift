/// The eight data masks of ISO/IEC 18004:2015 §7.8, and the choice among them by the penalty
/// score of §7.8.3.1: libqrencode places the codewords; the mask is chosen here.
///
/// A symbol is scored as rows and columns of bits (bit `c` of a line is module `c`), so each rule
/// is a few word operations per line instead of a visit to every module: for a version 8 symbol
/// all eight masks are scored in a small fraction of what libqrencode's own evaluation takes.
/// Lines are 128 bits with room for the quiet zone, so this serves symbols of up to 120 modules
/// (version 25); larger ones keep libqrencode's choice.
enum DataMask {
    /// Modules per side this scoring handles: four light modules either side must fit in 128 bits.
    static let maximumWidth = 120

    /// Whether mask `mask` inverts the data module at `row` i and `column` j (Table 10).
    static func inverts(_ mask: Int, row i: Int, column j: Int) -> Bool {
        switch mask {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }

    /// The 15 format bits (§7.9.1): the level's two bits and the mask's three, their BCH(15,5)
    /// remainder, XOR 101010000010010.
    static func formatBits(_ level: QRMatrix.ErrorCorrection, mask: Int) -> Int {
        let levelBits = switch level {
        case .low: 1
        case .medium: 0
        case .quartile: 3
        case .high: 2
        }
        let data = levelBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder & 0x3FF) ^ 0x5412
    }

    /// Where format bit `bit` (0 = least significant) stands, in both copies (Figure 25), as
    /// (row, column) from the top left of a symbol `width` modules wide.
    static func formatPlaces(ofBit bit: Int, width: Int) -> (first: (row: Int, column: Int), second: (row: Int, column: Int)) {
        let first: (row: Int, column: Int) = switch bit {
        case 0...5: (bit, 8)
        case 6: (7, 8)
        case 7: (8, 8)
        case 8: (8, 7)
        default: (8, 14 - bit)
        }
        return (first, bit < 8 ? (8, width - 1 - bit) : (width - 15 + bit, 8))
    }

    /// The symbol libqrencode made with mask `made` (its module bytes: bit 0 dark, bit 7 set on
    /// function patterns, bit 2 on format information), remasked with the mask of lowest penalty
    /// (the lowest-numbered of equals). Returns that mask and the symbol's rows.
    static func best(of modules: UnsafeBufferPointer<UInt8>, width: Int, level: QRMatrix.ErrorCorrection,
                     made: Int) -> (mask: Int, rows: [UInt128]) {
        let lines = SymbolLines(modules, width: width, made: made)
        var best = (mask: 0, penalty: Int.max, rows: [UInt128]())
        for mask in 0..<8 {
            let (rows, columns) = lines.masked(mask, format: formatBits(level, mask: mask))
            let score = rows.withUnsafeBufferPointer { rows in
                columns.withUnsafeBufferPointer { penalty(rows: rows, columns: $0, width: width) }
            }
            if score < best.penalty { best = (mask, score, rows) }
        }
        return (best.mask, best.rows)
    }

    /// Bit `k` of entry `m * 12 + n`: whether mask `m` inverts the module at place `k` of line `n`
    /// (rows: row `n`, column `k`; as written, a mask repeats every 12 rows and every 12 columns).
    static let rowPatterns = patterns { mask, line, place in inverts(mask, row: line, column: place) }
    static let columnPatterns = patterns { mask, line, place in inverts(mask, row: place, column: line) }

    private static func patterns(_ inverts: (Int, Int, Int) -> Bool) -> [UInt128] {
        (0..<8 * 12).map { entry in
            (0..<128).reduce(UInt128(0)) { bits, place in
                inverts(entry / 12, entry % 12, place) ? bits | UInt128(1) << place : bits
            }
        }
    }

    /// The penalty score of §7.8.3.1 of a symbol given as its rows and its columns.
    static func penalty(rows: UnsafeBufferPointer<UInt128>, columns: UnsafeBufferPointer<UInt128>, width: Int) -> Int {
        var score = 0, dark = 0
        for index in 0..<width {
            score += linePenalty(rows[index], width: width) + linePenalty(columns[index], width: width)
            dark += rows[index].nonzeroBitCount
        }
        // N2 = 3: each 2 × 2 block of one colour, blocks overlapping.
        let pairs = (UInt128(1) << (width - 1)) - 1
        for index in 1..<width {
            let above = rows[index - 1], below = rows[index]
            let vertical = ~(above ^ below), horizontal = ~(above ^ (above >> 1))
            score += 3 * (vertical & (vertical >> 1) & horizontal & pairs).nonzeroBitCount
        }
        // N4 = 10 for each full 5% the dark modules stray from half.
        let total = width * width
        return score + 10 * (abs(20 * dark - 10 * total) / total)
    }

    /// N1 and N3 of one row or column.
    static func linePenalty(_ line: UInt128, width: Int) -> Int {
        // N1: a run of 5 + i modules of one colour costs 3 + i. With `windows` holding bit c when
        // modules c…c+4 are alike, a run of length L has L − 4 windows and one of them starts it.
        let alike = ~(line ^ (line >> 1)) & ((UInt128(1) << (width - 1)) - 1)
        let windows = alike & (alike >> 1) & (alike >> 2) & (alike >> 3)
        let runs = windows & ~(windows << 1)
        var score = windows.nonzeroBitCount + 2 * runs.nonzeroBitCount
        // N3 = 40: dark-light-dark-dark-dark-light-dark with four light modules before or after it;
        // the quiet zone around the symbol is light. Bit 4 + c of `padded` is module c.
        let padded = line << 4
        score += 40 * (matches(0b000_0101_1101, in: padded) + matches(0b101_1101_0000, in: padded))
        return score
    }

    /// Places where the 11 modules from there on are exactly `pattern` (bit k = module k).
    private static func matches(_ pattern: Int, in line: UInt128) -> Int {
        var found = ~UInt128(0)
        for k in 0..<11 {
            found &= pattern >> k & 1 == 1 ? line >> k : ~line >> k
        }
        return found.nonzeroBitCount
    }
}

/// A symbol's modules as rows and as columns of bits, to be masked and scored.
struct SymbolLines {
    let width: Int
    /// Dark function modules, without the format information.
    var fixed: (rows: [UInt128], columns: [UInt128])
    /// Modules that hold data (and error correction): the ones a mask inverts.
    var area: (rows: [UInt128], columns: [UInt128])
    /// Dark data modules.
    var data: (rows: [UInt128], columns: [UInt128])

    /// The lines of a symbol libqrencode made with mask `made` (its module bytes: bit 0 dark,
    /// bit 7 set on function patterns, bit 2 on format information).
    init(_ modules: UnsafeBufferPointer<UInt8>, width: Int, made: Int) {
        precondition(width <= DataMask.maximumWidth && modules.count == width * width,
                     "a symbol of up to \(DataMask.maximumWidth) modules")
        self.width = width
        let empty = [UInt128](repeating: 0, count: width)
        fixed = (empty, empty)
        area = (empty, empty)
        data = (empty, empty)
        for row in 0..<width {
            for column in 0..<width {
                let byte = modules[row &* width &+ column]
                if byte & 0x80 == 0 {
                    SymbolLines.set(&area, row, column)
                    if byte & 1 == 1 { SymbolLines.set(&data, row, column) }
                } else if byte & 0x05 == 0x01 {  // format information is written for each mask
                    SymbolLines.set(&fixed, row, column)
                }
            }
        }
        unmask(made)
    }

    private static func set(_ lines: inout (rows: [UInt128], columns: [UInt128]), _ row: Int, _ column: Int) {
        lines.rows[row] |= UInt128(1) << column
        lines.columns[column] |= UInt128(1) << row
    }

    /// Takes mask `mask` off the data.
    private mutating func unmask(_ mask: Int) {
        for line in 0..<width {
            data.rows[line] ^= DataMask.rowPatterns[mask * 12 + line % 12] & area.rows[line]
            data.columns[line] ^= DataMask.columnPatterns[mask * 12 + line % 12] & area.columns[line]
        }
    }

    /// The symbol's rows and columns under `mask`, with `format` (15 bits) written in both copies.
    func masked(_ mask: Int, format: Int) -> (rows: [UInt128], columns: [UInt128]) {
        var rows = fixed.rows, columns = fixed.columns
        for line in 0..<width {
            rows[line] |= data.rows[line] ^ DataMask.rowPatterns[mask * 12 + line % 12] & area.rows[line]
            columns[line] |= data.columns[line] ^ DataMask.columnPatterns[mask * 12 + line % 12] & area.columns[line]
        }
        func setDark(_ place: (row: Int, column: Int)) {
            rows[place.row] |= UInt128(1) << place.column
            columns[place.column] |= UInt128(1) << place.row
        }
        for bit in 0..<15 where format >> bit & 1 == 1 {
            let places = DataMask.formatPlaces(ofBit: bit, width: width)
            setDark(places.first)
            setDark(places.second)
        }
        return (rows, columns)
    }
}
