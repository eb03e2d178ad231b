import Testing
import VietQR

/// The NAPAS service code, `38/02`: bank apps refuse a VietQR without one they know, so a missing
/// or unknown code makes the payload invalid, not merely warned about.
@Suite("The NAPAS service code (38/02)")
struct ServiceCodeTests {
    /// The beneficiary of NAPAS §6.1.1: Sacombank, account 0011012345678.
    static let beneficiary = DecodingProblemTests.tlv("00", "970403") + DecodingProblemTests.tlv("01", "0011012345678")

    /// A static VietQR whose template 38 holds `napas` after its GUID.
    static func payload(napas: String) -> String {
        DecodingProblemTests.sealed("000201010211" + DecodingProblemTests.tlv("38", "0010A000000727" + napas) + "53037045802VN")
    }

    @Test("A VietQR without 38/02 is invalid, with one missing_tag error at 38/02")
    func missing() {
        let decoded = DecodedPayload(Self.payload(napas: DecodingProblemTests.tlv("01", Self.beneficiary)))
        #expect(!decoded.isValid)
        #expect(decoded.problems.map(\.code) == [.missingTag])
        #expect(decoded.problems.first?.tag == "38/02")
        #expect(decoded.problems.first?.severity == .error)
        #expect(decoded.problems.first?.message.contains("bank apps refuse it") == true)
    }

    @Test("A length in 38/01 that takes in 38/02 makes the VietQR invalid, and the message says where the code went")
    func swallowedByWrongLength() throws {
        // 38/01 declares 39 characters, its own 27 and the 12 of 0208QRIBFTTA: the TLV still reads.
        let napas = "0139" + Self.beneficiary + "0208QRIBFTTA"
        let decoded = DecodedPayload(Self.payload(napas: napas))
        #expect(!decoded.isValid)
        #expect(decoded.problems.map(\.code) == [.missingTag])
        let problem = try #require(decoded.problems.first)
        #expect(problem.tag == "38/02")
        #expect(problem.message.contains("inside 38/01 (38/01/02 = 'QRIBFTTA')"))
        #expect(problem.message.contains("the length of 38/01, 39,"))
    }

    @Test("An unknown service code is an unknown_service error that makes the VietQR invalid")
    func unknown() {
        let decoded = DecodedPayload(Self.payload(napas: DecodingProblemTests.tlv("01", Self.beneficiary) + "0208QRIBFTTX"))
        #expect(!decoded.isValid)
        #expect(decoded.problems.map(\.code) == [.unknownService])
        #expect(decoded.problems.first?.tag == "38/02")
        #expect(decoded.problems.first?.severity == .error)
        #expect(decoded.problems.first?.message.contains("not 'QRIBFTTX'") == true)
    }

    @Test("Both known service codes, to an account and to a card, pass without a problem")
    func known() {
        for (code, account) in [("QRIBFTTA", "0011012345678"), ("QRIBFTTC", "9704031101234567")] {
            let beneficiary = DecodingProblemTests.tlv("00", "970403") + DecodingProblemTests.tlv("01", account)
            let decoded = DecodedPayload(Self.payload(napas: DecodingProblemTests.tlv("01", beneficiary) + "0208" + code))
            #expect(decoded.problems.isEmpty, "\(code): \(decoded.problems)")
        }
    }
}
