import QRCode
import ReadBack
import Testing

@Suite("QR matrix")
struct QRMatrixTests {
    @Test("the stall payload really holds Vietnamese in UTF-8")
    func fixtureHasVietnamese() {
        #expect(Payloads.stall.contains("Nguyễn Thị Hoà – Quầy 12"))
        #expect(Payloads.stall.utf8.count > Payloads.stall.unicodeScalars.count)
    }

    @Test("the version is the smallest that holds the text: a short text fits version 1")
    func shortTextIsVersionOne() throws {
        let matrix = try QRMatrix(encoding: "Q12")
        #expect(matrix.version == 1)
        #expect(matrix.size == 21)
    }

    @Test("each version is four modules wider than the one before", arguments: Payloads.all)
    func sizeFollowsVersion(payload: String) throws {
        let matrix = try QRMatrix(encoding: payload)
        #expect(matrix.size == 17 + 4 * matrix.version)
        #expect(matrix.errorCorrection == .medium)
    }

    @Test("more error correction never makes the symbol smaller")
    func higherLevelsAreNotSmaller() throws {
        let versions = try QRMatrix.ErrorCorrection.allCases.map {
            try QRMatrix(encoding: Payloads.stall, errorCorrection: $0).version
        }
        #expect(versions == versions.sorted())
        #expect(versions.first! < versions.last!)
    }

    @Test("the three finder patterns sit in the corners")
    func finderPatterns() throws {
        let matrix = try QRMatrix(encoding: Payloads.schoolFee)
        let last = matrix.size - 1
        for (row, column) in [(0, 0), (0, last - 6), (last - 6, 0)] {
            // Dark outer ring, light ring, dark 3×3 centre.
            #expect(matrix[row, column] && matrix[row + 6, column + 6] && matrix[row, column + 6])
            #expect(!matrix[row + 1, column + 1] && !matrix[row + 5, column + 5])
            #expect(matrix[row + 2, column + 2] && matrix[row + 3, column + 3] && matrix[row + 4, column + 4])
        }
        #expect(!matrix[last - 6, last - 6] || !matrix[last - 5, last - 5])  // no fourth finder
    }

    @Test("ASCII text encodes as its bytes alone")
    func asciiIsPlainBytes() throws {
        #expect(try QRMatrix(encoding: Payloads.schoolFee) == QRMatrix(bytes: Array(Payloads.schoolFee.utf8)))
    }

    @Test("text with Vietnamese encodes as its UTF-8 bytes after the UTF-8 ECI designator")
    func vietnameseGetsUTF8ECI() throws {
        let bytes = Array(Payloads.stall.utf8)
        #expect(try QRMatrix(encoding: Payloads.stall) == QRMatrix(bytes: bytes, eci: QRMatrix.utf8ECI))
        #expect(try QRMatrix(encoding: Payloads.stall) != QRMatrix(bytes: bytes))
    }

    @Test("a short Vietnamese name reads back as UTF-8, not as Shift JIS")
    func shortNameReadsAsUTF8() throws {
        for name in ["Lê Anh Tú", "Đỗ Thị Huệ", "Bà Tư"] {
            #expect(try ZBar.read(image: QRMatrix(encoding: name).png(scale: 4)) == [name])
        }
    }

    @Test("dark runs cover exactly the dark modules of their row")
    func darkRunsMatchModules() throws {
        let matrix = try QRMatrix(encoding: Payloads.stall)
        for row in 0..<matrix.size {
            let fromRuns = Set(matrix.darkRuns(inRow: row).flatMap { $0 })
            let dark = Set((0..<matrix.size).filter { matrix[row, $0] })
            #expect(fromRuns == dark)
        }
    }

    @Test("nothing to encode is an error")
    func emptyIsAnError() {
        #expect(throws: QRCodeError.empty) { try QRMatrix(encoding: "") }
    }

    @Test("text longer than version 40 holds is refused with the limit")
    func tooLong() throws {
        #expect(throws: QRCodeError.tooLong(byteCount: 1274, maximum: 1272, errorCorrection: .high)) {
            try QRMatrix(encoding: String(repeating: "đ", count: 637), errorCorrection: .high)
        }
        for level in QRMatrix.ErrorCorrection.allCases {
            #expect(try QRMatrix(bytes: Array(repeating: 0x41, count: level.maximumByteCount), errorCorrection: level).version == 40)
            #expect(
                try QRMatrix(
                    bytes: Array(repeating: 0xC3, count: level.maximumByteCount - 1),
                    eci: 26,
                    errorCorrection: level
                ).version == 40
            )
        }
    }
}

@Suite("Covering bars")
struct CoveringBarsTests {
    @Test("the bars cover every dark module and no light one", arguments: Payloads.all)
    func coverExactly(payload: String) throws {
        let matrix = try QRMatrix(encoding: payload)
        var covered = Set<Int>()
        for bar in matrix.coveringBars() {
            for step in 0..<bar.length {
                let (row, column) = bar.direction == .horizontal ? (bar.row, bar.column + step) : (bar.row + step, bar.column)
                #expect(matrix[row, column])
                covered.insert(row * matrix.size + column)
            }
        }
        let dark = (0..<matrix.size * matrix.size).filter { matrix[$0 / matrix.size, $0 % matrix.size] }
        #expect(covered == Set(dark))
    }

    @Test("they are fewer than the runs of the rows", arguments: Payloads.all)
    func fewerThanRowRuns(payload: String) throws {
        let matrix = try QRMatrix(encoding: payload)
        let rowRuns = (0..<matrix.size).reduce(0) { $0 + matrix.darkRuns(inRow: $1).count }
        #expect(Double(matrix.coveringBars().count) < 0.9 * Double(rowRuns))
    }
}
