import PropertyBased
import ReadBack
import Testing

@testable import QRCode

/// The data mask is chosen here, not by libqrencode: these tests hold the choice to ISO/IEC
/// 18004 §7.8 and the remasked symbol to what libqrencode itself makes with that mask.
@Suite("Data masks")
struct DataMaskTests {
    /// Texts whose symbols run from version 1 to version 21 (101 modules) over the four levels.
    static let texts = [
        "HELLO", Payloads.stall, Payloads.schoolFee, String(repeating: "Chợ Điện Biên, quầy 12. ", count: 8),
        String(repeating: "0123456789", count: 40),
    ]

    @Test(
        "Remasked with each of the eight masks, a symbol is exactly the one libqrencode makes with that mask",
        arguments: texts,
        QRMatrix.ErrorCorrection.allCases
    )
    func remaskingMatchesLibqrencode(text: String, level: QRMatrix.ErrorCorrection) throws {
        let bytes = Array(text.utf8)
        let eci: UInt32? = bytes.allSatisfy { $0 < 0x80 } ? nil : 26
        let made = try EncodedSymbol(bytes: bytes, eci: eci, errorCorrection: level, mask: 0)
        let theirs = try (0..<8).map { mask in
            try EncodedSymbol(bytes: bytes, eci: eci, errorCorrection: level, mask: mask).darkModules
        }
        // Lines of 64 bits serve symbols of up to 56 modules, lines of 128 bits all of these.
        if made.width <= DataMask.maximumWidth(UInt64.self) {
            expectRemasking(made.withModules { SymbolLines<UInt64>($0, width: made.width, made: 0) }, level, theirs, made.version)
        }
        expectRemasking(made.withModules { SymbolLines<UInt128>($0, width: made.width, made: 0) }, level, theirs, made.version)
    }

    private func expectRemasking<Word>(
        _ lines: SymbolLines<Word>,
        _ level: QRMatrix.ErrorCorrection,
        _ theirs: [[Bool]],
        _ version: Int
    ) {
        let width = lines.width
        for mask in 0..<8 {
            let ours = lines.masked(mask, format: DataMask.formatBits(level, mask: mask))
            let rows = (0..<width).map { row in (0..<width).map { ours.rows[row] >> $0 & 1 == 1 } }
            let columns = (0..<width).map { column in (0..<width).map { ours.columns[column] >> $0 & 1 == 1 } }
            let differing = zip(rows.joined(), theirs[mask]).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            #expect(
                differing == nil,
                "\(Word.bitWidth)-bit lines, mask \(mask), version \(version): first different module at row \(differing.map { $0 / width } ?? 0), column \(differing.map { $0 % width } ?? 0)"
            )
            #expect(
                (0..<width).allSatisfy { row in (0..<width).allSatisfy { columns[$0][row] == rows[row][$0] } },
                "columns are the rows transposed, mask \(mask)"
            )
        }
    }

    @Test("The widest symbols scored here (versions 24 and 25) remask like libqrencode too")
    func widestScoredSymbols() throws {
        for length in [1100, 1200] {  // 113 and 117 modules at level L
            let bytes = Array(String(repeating: "Bien lai hoc phi ", count: 80).utf8.prefix(length))
            let made = try EncodedSymbol(bytes: bytes, eci: nil, errorCorrection: .low, mask: 0)
            #expect((113...DataMask.maximumWidth).contains(made.width), "\(made.width) modules")
            let theirs = try (0..<8).map { try EncodedSymbol(bytes: bytes, eci: nil, errorCorrection: .low, mask: $0).darkModules }
            expectRemasking(made.withModules { SymbolLines<UInt128>($0, width: made.width, made: 0) }, .low, theirs, made.version)
        }
    }

    @Test("The penalty is the score of §7.8.3.1, counted module by module", arguments: [21, 25, 49, 53, 56, 57, 64, 65, 117, 120])
    func penaltyMatchesTheRules(width: Int) {
        var generator = Xoshiro(seed: (UInt64(width), 1, 2, 3))  // seeded: a failure can be replayed
        for trial in 0..<40 {
            // Random modules, some trials with long runs and finder-like stretches on purpose.
            let darkShare = [50, 50, 20, 80][trial % 4]
            var modules = (0..<width * width).map { _ in Int(generator.next() % 100) < darkShare }
            if trial % 5 == 0 {
                let row = Int(generator.next() % UInt64(width))
                for (offset, dark) in [false, false, false, false, true, false, true, true, true, false, true].enumerated()
                where offset < width { modules[row * width + offset] = dark }
            }
            if trial % 5 == 1 {  // a finder-like core at the end of a column: the quiet zone is its light side
                let column = Int(generator.next() % UInt64(width))
                for (offset, dark) in [true, false, true, true, true, false, true].enumerated() {
                    modules[(width - 7 + offset) * width + column] = dark
                }
            }
            let expected = ReferencePenalty.score(modules, width: width)
            if width <= DataMask.maximumWidth(UInt64.self) {
                #expect(Self.penalty(modules, width: width, in: UInt64.self) == expected, "64 bits, width \(width), trial \(trial)")
            }
            #expect(Self.penalty(modules, width: width, in: UInt128.self) == expected, "128 bits, width \(width), trial \(trial)")
        }
    }

    /// ``DataMask/penalty(rows:columns:width:)`` of `modules` (row by row) in lines of `Word`.
    static func penalty<Word: FixedWidthInteger & UnsignedInteger>(_ modules: [Bool], width: Int, in _: Word.Type) -> Int {
        let rows = (0..<width).map { row in
            (0..<width).reduce(Word(0)) { modules[row * width + $1] ? $0 | Word(1) << $1 : $0 }
        }
        let columns = (0..<width).map { column in
            (0..<width).reduce(Word(0)) { modules[$1 * width + column] ? $0 | Word(1) << $1 : $0 }
        }
        return rows.withUnsafeBufferPointer { rows in
            columns.withUnsafeBufferPointer { DataMask.penalty(rows: rows, columns: $0, width: width) }
        }
    }

    @Test("The symbol made carries the mask of lowest penalty, and zbarimg reads it", arguments: texts)
    func lowestPenaltyWins(text: String) throws {
        let matrix = try QRMatrix(encoding: text)
        let width = matrix.size
        let bytes = Array(text.utf8)
        let eci: UInt32? = bytes.allSatisfy { $0 < 0x80 } ? nil : 26
        let made = try EncodedSymbol(bytes: bytes, eci: eci, errorCorrection: .medium, mask: 0)
        let lines = made.withModules { SymbolLines<UInt128>($0, width: width, made: 0) }
        let scores = (0..<8).map { mask in
            let symbol = lines.masked(mask, format: DataMask.formatBits(.medium, mask: mask))
            return ReferencePenalty.score((0..<width * width).map { symbol.rows[$0 / width] >> ($0 % width) & 1 == 1 }, width: width)
        }
        let chosen = scores.firstIndex(of: scores.min()!)!
        let expected = lines.masked(chosen, format: DataMask.formatBits(.medium, mask: chosen)).rows
        #expect(
            (0..<width).allSatisfy { row in (0..<width).allSatisfy { matrix[row, $0] == (expected[row] >> $0 & 1 == 1) } },
            "the symbol should carry mask \(chosen) (penalties \(scores))"
        )
        #expect(try ZBar.read(image: matrix.png(scale: 3)) == [text])
    }

    @Test("A symbol wider than 120 modules keeps libqrencode's mask and still reads")
    func widestSymbols() throws {
        let text = String(repeating: "Biên lai học phí ", count: 80)  // 1,680 bytes: past version 25 at level M
        let matrix = try QRMatrix(encoding: text)
        #expect(matrix.size > DataMask.maximumWidth)
        let libqrencode = try EncodedSymbol(bytes: Array(text.utf8), eci: 26, errorCorrection: .medium).darkModules
        #expect((0..<matrix.size * matrix.size).allSatisfy { matrix[$0 / matrix.size, $0 % matrix.size] == libqrencode[$0] })
        #expect(try ZBar.read(image: matrix.png(scale: 2)) == [text])
    }
}

/// §7.8.3.1 as written, one module at a time: the yardstick for the word-at-a-time scoring.
enum ReferencePenalty {
    static func score(_ modules: [Bool], width: Int) -> Int {
        func dark(_ row: Int, _ column: Int) -> Bool { modules[row * width + column] }
        var score = 0
        // N1 and N3 along every row and every column.
        for line in 0..<width {
            for along in [{ (place: Int) in dark(line, place) }, { (place: Int) in dark(place, line) }] {
                var run = 1
                for place in 1...width {
                    if place < width, along(place) == along(place - 1) {
                        run += 1
                    } else {
                        if run >= 5 { score += 3 + run - 5 }
                        run = 1
                    }
                }
                // The quiet zone is light: modules outside the symbol count as light.
                func module(_ place: Int) -> Bool { (0..<width).contains(place) ? along(place) : false }
                let core = [true, false, true, true, true, false, true]
                for start in -4..<width {
                    guard (0..<7).allSatisfy({ module(start + $0) == core[$0] }) else { continue }
                    if (1...4).allSatisfy({ !module(start - $0) }) { score += 40 }
                    if (7..<11).allSatisfy({ !module(start + $0) }) { score += 40 }
                }
            }
        }
        // N2: 2 × 2 blocks of one colour.
        for row in 0..<width - 1 {
            for column in 0..<width - 1 {
                let colour = dark(row, column)
                if dark(row, column + 1) == colour, dark(row + 1, column) == colour, dark(row + 1, column + 1) == colour {
                    score += 3
                }
            }
        }
        // N4: 10 for each whole 5% between the dark share and 50%.
        let darkCount = modules.filter { $0 }.count
        let total = width * width
        return score + 10 * (abs(100 * darkCount - 50 * total) / (5 * total))
    }
}
