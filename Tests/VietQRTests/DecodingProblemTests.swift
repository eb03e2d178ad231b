import Testing
import VietQR

/// Each stable problem code, triggered by the smallest payload that shows it.
@Suite("Problems found when decoding")
struct DecodingProblemTests {
    /// NAPAS §6.1.1 (corrected): a clean static VietQR.
    static let clean = "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN63049E6F"

    /// `body` with a correct CRC appended.
    static func sealed(_ body: String) -> String {
        let text = body + "6304"
        return text + CRC16.hex(CRC16.ccittFalse(text.utf8))
    }

    func codes(_ payload: String, banks: BankDirectory? = nil) -> [Problem.Code] {
        DecodedPayload(payload, banks: banks).problems.map(\.code)
    }

    /// A data object: id, length in characters, value.
    static func tlv(_ id: String, _ value: String) -> String {
        let length = value.unicodeScalars.count
        return id + (length < 10 ? "0" : "") + String(length) + value
    }

    @Test("The digit and printable-ASCII rules find one wrong byte wherever it stands in a value of any length")
    func valueRulesSeeEveryByte() {
        // They test eight bytes at a time, so the byte is tried at every place of values of 1…19 bytes.
        let probes: [(text: String, digit: Bool, printable: Bool)] = [
            ("0", true, true), ("9", true, true), ("/", false, true), (":", false, true), (" ", false, true),
            ("~", false, true), ("\u{7F}", false, false), ("\u{1F}", false, false), ("é", false, false),
        ]
        for length in 1...19 {
            for position in 0..<length {
                for probe in probes {
                    var characters = Array(repeating: "5", count: length)
                    characters[position] = probe.text
                    let value = characters.joined()
                    // A card number (38/01/01 with QRIBFTTC) is digits; the purpose (62/08) printable ASCII.
                    let napas = "0010A000000727" + Self.tlv("01", "0006970403" + Self.tlv("01", value)) + "0208QRIBFTTC"
                    let body = "000201010212" + Self.tlv("38", napas) + "5303704540310058" + "02VN" + Self.tlv("62", Self.tlv("08", value))
                    let problems = DecodedPayload(Self.sealed(body)).problems
                    #expect(problems.contains { $0.code == .notNumeric && $0.tag == "38/01/01" } == !probe.digit, "\(value)")
                    #expect(problems.contains { $0.tag == "62/08" } == !probe.printable, "\(value)")
                    #expect(problems.count == (probe.digit ? 0 : 1) + (probe.printable ? 0 : 1), "\(value): \(problems)")
                }
            }
        }
    }

    @Test("crc_mismatch: one changed character is caught")
    func crcMismatch() {
        let changed = Self.clean.replacingOccurrences(of: "970403", with: "970405")
        #expect(codes(changed) == [.crcMismatch])
        #expect(!DecodedPayload(changed).isValid)
    }

    @Test("crc_lowercase: a lowercase CRC is a warning only")
    func crcLowercase() {
        let decoded = DecodedPayload(String(Self.clean.dropLast(4)) + "9e6f")
        #expect(decoded.problems.map(\.code) == [.crcLowercase])
        #expect(decoded.isValid)
    }

    @Test("truncated: the payload ends inside a value")
    func truncated() {
        #expect(codes(String(Self.clean.prefix(30))).contains(.truncated))
    }

    @Test("bad_length: a length of 00")
    func badLength() {
        #expect(codes(Self.sealed("000201010211" + "5300" + "5802VN")).contains(.badLength))
    }

    @Test("duplicate_tag: an id twice at one level")
    func duplicateTag() {
        let payload = Self.sealed("00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA530370453037045802VN")
        #expect(DecodedPayload(payload).problems.map(\.tag) == ["53"])
        #expect(codes(payload) == [.duplicateTag])
    }

    @Test("missing_tag: a VietQR without currency, a payload without CRC")
    func missingTag() {
        let noCurrency = Self.sealed("00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA5802VN")
        #expect(DecodedPayload(noCurrency).problems.map(\.tag) == ["53"])
        #expect(codes(noCurrency) == [.missingTag])
        #expect(codes(String(Self.clean.dropLast(8))) == [.missingTag])
    }

    @Test("misplaced_tag: 00 not first")
    func misplacedTag() {
        let payload = Self.sealed("010211000201" + "38570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN")
        #expect(codes(payload) == [.misplacedTag])
    }

    @Test("not_numeric: a BIN with letters, an id that is not digits")
    func notNumeric() {
        let bin = Self.sealed("00020101021138570010A00000072701270006ABCDEF011300110123456780208QRIBFTTA53037045802VN")
        #expect(codes(bin) == [.notNumeric])
        #expect(codes("0002010X021163041234").contains(.notNumeric))
    }

    @Test("amount_format: separators, decimals in VND, zero")
    func amountFormat() {
        let base = "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA5303704"
        for amount in ["50 000", "50000.50", "0", "1.2.3"] {
            let payload = Self.sealed(base + "54" + String(format2: amount.count) + amount + "5802VN")
            #expect(codes(payload) == [.amountFormat], "\(amount)")
        }
        let trailingDot = Self.sealed(base + "540650000." + "5802VN")
        #expect(DecodedPayload(trailingDot).isValid)
        #expect(DecodedPayload(trailingDot).amount == 50_000)
    }

    @Test("value_too_long: a merchant city over 15 characters")
    func valueTooLong() {
        let payload = Self.sealed(String(Self.clean.dropLast(8)) + "6016SAO MIGUEL DO OX")
        #expect(codes(payload) == [.valueTooLong])
    }

    @Test("not_ascii: diacritics in the transfer content")
    func notASCII() {
        let payload = Self.sealed(String(Self.clean.dropLast(8)) + "62110807Học phí")
        #expect(codes(payload) == [.notASCII])
        #expect(DecodedPayload(payload).purpose == "Học phí")
    }

    @Test("unknown_bank: a BIN not in the directory is a warning")
    func unknownBank() {
        let payload = Self.sealed("00020101021138570010A00000072701270006999999011300110123456780208QRIBFTTA53037045802VN")
        let decoded = DecodedPayload(payload, banks: Fixtures.banks)
        #expect(decoded.problems.map(\.code) == [.unknownBank])
        #expect(decoded.isValid)
    }

    @Test("unknown_service: a service code other than QRIBFTTA or QRIBFTTC")
    func unknownService() {
        let payload = Self.sealed("00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTX53037045802VN")
        #expect(codes(payload) == [.unknownService])
    }

    @Test("Several problems are all reported, not only the first")
    func several() {
        let payload = Self.sealed("00020101021338570010A00000072701270006970403011300110123456780208QRIBFTTX5303840")
        #expect(Set(codes(payload)) == [.invalidValue, .unknownService, .missingTag])
        #expect(DecodedPayload(payload).problems.count == 4)  // 01 = 13, 38/02, 53 = 840, no 58
    }

    @Test("Lengths count characters, not bytes: a length counted in UTF-8 bytes (a vietqr-ts fixture) breaks the structure")
    func lengthsInCharacters() {
        let body = String(Self.clean.dropLast(8))
        let charactersCounted = Self.sealed(body + "62220818Thanh toán hóa đơn")
        #expect(codes(charactersCounted) == [.notASCII])
        let bytesCounted = Self.sealed(body + "62260822Thanh toán hóa đơn")
        #expect(codes(bytesCounted).contains(.badLength))
    }

    @Test("The empty string and garbage decode without crashing, as invalid")
    func garbage() {
        for text in ["", "6304", "00", "hello", "00020101021163040000", String(repeating: "9", count: 600)] {
            #expect(!DecodedPayload(text).isValid, "\(text)")
        }
    }
}

extension String {
    fileprivate init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
