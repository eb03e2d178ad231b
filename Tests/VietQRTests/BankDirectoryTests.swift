import Testing
import VietQR

@Suite("Bank directory (Config/banks.json)")
struct BankDirectoryTests {
    let banks = Fixtures.banks

    @Test("Holds every bank of the shared list, in BIN order")
    func everyBank() {
        #expect(banks.banks.count == 72)
        #expect(banks.banks.map(\.bin) == banks.banks.map(\.bin).sorted())
    }

    @Test("Looks up by BIN, short name and alias, ignoring case", arguments: ["970436", "Vietcombank", "VCB", "vcb", " vietcombank "])
    func lookup(query: String) {
        #expect(banks.lookup(query) == .found(banks[bin: "970436"]!))
    }

    @Test("A name two banks share resolves only with the BIN")
    func ambiguous() {
        guard case .ambiguous(let candidates) = banks.lookup("BVB") else {
            Issue.record("BVB should be ambiguous")
            return
        }
        #expect(candidates.map(\.bin) == ["970438", "970454"])
        #expect(banks.lookup("970454") == .found(banks[bin: "970454"]!))
    }

    @Test("Unknown names are not found")
    func notFound() {
        #expect(banks.lookup("Ngân hàng Mặt Trăng") == .notFound)
    }

    @Test("Search matches BIN, names and codes, ignoring case and diacritics")
    func search() {
        #expect(banks.search("vietin").map(\.bin) == ["970415"])
        #expect(banks.search("Ngoại Thương").map(\.bin) == ["970436"])
        #expect(banks.search("ngoai thuong").map(\.bin) == ["970436"])
        #expect(banks.search("").count == 72)
    }
}

@Suite("CRC-16/CCITT-FALSE and ASCII folding")
struct PrimitiveTests {
    @Test("The catalogue check value: CRC of '123456789' is 29B1")
    func checkValue() {
        #expect(CRC16.ccittFalse("123456789".utf8) == 0x29B1)
        #expect(CRC16.hex(0x0283) == "0283")
    }

    @Test("Slicing-by-16 gives the same CRC as the bit-by-bit definition at every length")
    func slicingMatchesDefinition() {
        var bytes: [UInt8] = []
        for length in 0..<80 {  // past four steps of sixteen, one of eight and every tail
            var crc: UInt16 = 0xFFFF
            for byte in bytes {
                crc ^= UInt16(byte) << 8
                for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
            }
            #expect(CRC16.ccittFalse(bytes) == crc, "length \(length)")
            bytes.append(UInt8(truncatingIfNeeded: length &* 37 &+ 11))
        }
    }

    @Test(
        "Folding",
        arguments: [
            ("Nguyễn Thị Hoà – Quầy 12", "Nguyen Thi Hoa - Quay 12"),
            ("Đặng Văn Đức", "Dang Van Duc"),
            ("ủng hộ lũ lụt", "ung ho lu lut"),
            ("Học phí “tháng 9”…", "Hoc phi \"thang 9\"..."),
            ("plain ASCII", "plain ASCII"),
        ]
    )
    func folding(input: String, expected: String) {
        #expect(ASCIIFolding.fold(input) == expected)
    }
}
