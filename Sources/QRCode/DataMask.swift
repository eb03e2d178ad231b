/// The eight data masks of ISO/IEC 18004:2015 §7.8, and the choice among them by the penalty
/// score of §7.8.3.1: libqrencode places the codewords; the mask is chosen here.
///
/// A symbol is scored as rows and columns of bits (bit `c` of a line is module `c`), so each rule
/// is a few word operations per line instead of a visit to every module: for a version 8 symbol
/// all eight masks are scored in a small fraction of what libqrencode's own evaluation takes.
/// A line is one 64-bit word, room for the quiet zone included, up to 56 modules (version 9),
/// and a 128-bit one up to 120 (version 25); larger symbols keep libqrencode's choice.
enum DataMask {
    /// Modules per side this scoring handles: four light modules either side must fit in 128 bits.
    static let maximumWidth = maximumWidth(UInt128.self)

    /// Modules per side a line of `Word` holds with four light modules either side.
    static func maximumWidth<Word: FixedWidthInteger>(_: Word.Type) -> Int { Word.bitWidth - 8 }

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
        let levelBits =
            switch level {
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
        let first: (row: Int, column: Int) =
            switch bit {
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
    static func best(
        of modules: UnsafeBufferPointer<UInt8>,
        width: Int,
        level: QRMatrix.ErrorCorrection,
        made: Int
    ) -> (mask: Int, dark: [Bool]) {
        width <= maximumWidth(UInt64.self)
            ? best(SymbolLines<UInt64>(modules, width: width, made: made), level: level)
            : best(SymbolLines<UInt128>(modules, width: width, made: made), level: level)
    }

    private static func best<Word>(_ lines: SymbolLines<Word>, level: QRMatrix.ErrorCorrection) -> (mask: Int, dark: [Bool]) {
        let width = lines.width
        var best = (mask: 0, penalty: Int.max, rows: [Word]())
        for mask in 0..<8 {
            let (rows, columns) = lines.masked(mask, format: formatBits(level, mask: mask))
            let score = rows.withUnsafeBufferPointer { rows in
                columns.withUnsafeBufferPointer { penalty(rows: rows, columns: $0, width: width) }
            }
            if score < best.penalty { best = (mask, score, rows) }
        }
        let dark = [Bool](unsafeUninitializedCapacity: width * width) { dark, initialized in
            for row in 0..<width {
                for column in 0..<width { dark[row &* width &+ column] = best.rows[row] >> column & 1 == 1 }
            }
            initialized = width * width
        }
        return (best.mask, dark)
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
    static func penalty<Word: FixedWidthInteger & UnsignedInteger>(
        rows: UnsafeBufferPointer<Word>,
        columns: UnsafeBufferPointer<Word>,
        width: Int
    ) -> Int {
        var score = 0
        var dark = 0
        for index in 0..<width {
            score += linePenalty(rows[index], width: width) + linePenalty(columns[index], width: width)
            dark += rows[index].nonzeroBitCount
        }
        // N2 = 3: each 2 × 2 block of one colour, blocks overlapping.
        let pairs = (Word(1) << (width - 1)) - 1
        for index in 1..<width {
            let above = rows[index - 1]
            let below = rows[index]
            let vertical = ~(above ^ below)
            let horizontal = ~(above ^ (above >> 1))
            score += 3 * (vertical & (vertical >> 1) & horizontal & pairs).nonzeroBitCount
        }
        // N4 = 10 for each full 5% the dark modules stray from half.
        let total = width * width
        return score + 10 * (abs(20 * dark - 10 * total) / total)
    }

    /// N1 and N3 of one row or column.
    static func linePenalty<Word: FixedWidthInteger & UnsignedInteger>(_ line: Word, width: Int) -> Int {
        // N1: a run of 5 + i modules of one colour costs 3 + i. With `windows` holding bit c when
        // modules c…c+4 are alike, a run of length L has L − 4 windows and one of them starts it.
        let alike = ~(line ^ (line >> 1)) & ((Word(1) << (width - 1)) - 1)
        let windows = alike & (alike >> 1) & (alike >> 2) & (alike >> 3)
        let runs = windows & ~(windows << 1)
        var score = windows.nonzeroBitCount + 2 * runs.nonzeroBitCount
        // N3 = 40: dark-light-dark-dark-dark-light-dark with four light modules before or after it
        // (each side counts, so light on both sides scores 80, as in Nayuki's encoder; libqrencode
        // and zxing score 40, and also count the pattern scaled up, which this does not); the quiet
        // zone around the symbol is light. Bit 4 + c of `line` is
        // module c, so the four modules before column 0 are there, light.
        let padded = line << 4
        let light = ~padded
        let core = padded & light >> 1 & padded >> 2 & padded >> 3 & padded >> 4 & light >> 5 & padded >> 6
        let fourLight = light & light >> 1 & light >> 2 & light >> 3  // bit j: modules j…j+3 light
        score += 40 * ((core & fourLight >> 7).nonzeroBitCount + (core & fourLight << 4).nonzeroBitCount)
        return score
    }
}

/// A symbol's modules as rows and as columns of bits, to be masked and scored.
struct SymbolLines<Word: FixedWidthInteger & UnsignedInteger> {
    let width: Int
    /// Dark function modules, without the format information.
    var fixed: (rows: [Word], columns: [Word])
    /// Modules that hold data (and error correction): the ones a mask inverts.
    var area: (rows: [Word], columns: [Word])
    /// Dark data modules.
    var data: (rows: [Word], columns: [Word])

    /// The lines of a symbol libqrencode made with mask `made` (its module bytes: bit 0 dark,
    /// bit 7 set on function patterns, bit 2 on format information).
    init(_ modules: UnsafeBufferPointer<UInt8>, width: Int, made: Int) {
        precondition(
            width <= DataMask.maximumWidth(Word.self) && modules.count == width * width,
            "a symbol of up to \(DataMask.maximumWidth(Word.self)) modules in lines of \(Word.bitWidth) bits"
        )
        self.width = width
        // Rows first, a word at a time; the columns are the same bits transposed.
        var rows = (
            fixed: [Word](repeating: 0, count: width), area: [Word](repeating: 0, count: width),
            data: [Word](repeating: 0, count: width)
        )
        for row in 0..<width {
            var fixedBits: Word = 0
            var areaBits: Word = 0
            var dataBits: Word = 0
            for column in 0..<width {
                let byte = modules[row &* width &+ column]
                let bit = Word(1) << column
                if byte & 0x80 == 0 {
                    areaBits |= bit
                    if byte & 1 == 1 { dataBits |= bit }
                } else if byte & 0x05 == 0x01 {  // format information is written for each mask
                    fixedBits |= bit
                }
            }
            (rows.fixed[row], rows.area[row], rows.data[row]) = (fixedBits, areaBits, dataBits)
        }
        fixed = (rows.fixed, SymbolLines.transposed(rows.fixed, width: width))
        area = (rows.area, SymbolLines.transposed(rows.area, width: width))
        data = (rows.data, SymbolLines.transposed(rows.data, width: width))
        unmask(made)
    }

    /// Column `c` of `rows` as a word whose bit `r` is bit `c` of row `r`.
    private static func transposed(_ rows: [Word], width: Int) -> [Word] {
        var columns = [Word](repeating: 0, count: width)
        for row in 0..<width {
            var bits = rows[row]
            while bits != 0 {  // only the set bits are visited
                let column = bits.trailingZeroBitCount
                columns[column] |= Word(1) << row
                bits &= bits &- 1
            }
        }
        return columns
    }

    /// Which modules of line `line` mask `mask` inverts, from `patterns` (of rows or of columns).
    private func pattern(_ patterns: [UInt128], _ mask: Int, _ line: Int) -> Word {
        Word(truncatingIfNeeded: patterns[mask &* 12 &+ line % 12])
    }

    /// Takes mask `mask` off the data.
    private mutating func unmask(_ mask: Int) {
        for line in 0..<width {
            data.rows[line] ^= pattern(DataMask.rowPatterns, mask, line) & area.rows[line]
            data.columns[line] ^= pattern(DataMask.columnPatterns, mask, line) & area.columns[line]
        }
    }

    /// The symbol's rows and columns under `mask`, with `format` (15 bits) written in both copies.
    func masked(_ mask: Int, format: Int) -> (rows: [Word], columns: [Word]) {
        var rows = fixed.rows
        var columns = fixed.columns
        for line in 0..<width {
            rows[line] |= data.rows[line] ^ pattern(DataMask.rowPatterns, mask, line) & area.rows[line]
            columns[line] |= data.columns[line] ^ pattern(DataMask.columnPatterns, mask, line) & area.columns[line]
        }
        func setDark(_ place: (row: Int, column: Int)) {
            rows[place.row] |= Word(1) << place.column
            columns[place.column] |= Word(1) << place.row
        }
        for bit in 0..<15 where format >> bit & 1 == 1 {
            let places = DataMask.formatPlaces(ofBit: bit, width: width)
            setDark(places.first)
            setDark(places.second)
        }
        return (rows, columns)
    }
}
