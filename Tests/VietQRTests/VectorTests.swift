import Testing
import VietQR

/// The public vectors of `../shared/vectors/emv_payloads.json`: real payloads from the NAPAS
/// specification, VietQR libraries, VNPAY, EMVCo, PIX and PromptPay.
@Suite("Public vectors")
struct VectorTests {
    /// Vectors whose conformance note describes something we report as a warning, not an error.
    static let warningOnlyNotes = ["01=11 (static) carries 54 amount (seen in the wild; spec ties 11 to multi-use)"]

    @Test("Every vector decodes with the expected verdict", arguments: Fixtures.vectors)
    func verdict(vector: Fixtures.Vector) {
        let decoded = DecodedPayload(vector.payload, banks: Fixtures.banks)
        let expectValid = vector.crc_ok && vector.conformance_notes.allSatisfy(Self.warningOnlyNotes.contains)
        #expect(decoded.isValid == expectValid, "\(decoded.problems)")
        if !vector.crc_ok {
            #expect(decoded.problems.contains { $0.code == .crcMismatch })
        }
    }

    @Test("Every vector's tags decode to the tree the vector gives", arguments: Fixtures.vectors)
    func tree(vector: Fixtures.Vector) throws {
        guard case .object(let expected) = vector.decoded, expected["_root_error"] == nil else { return }
        let decoded = DecodedPayload(vector.payload)
        expectTree(decoded.tags, equals: expected, path: "")
    }

    @Test("Schemes are told apart: VietQR, VNPAY-QR and other EMV", arguments: Fixtures.vectors)
    func scheme(vector: Fixtures.Vector) {
        let expected: DecodedPayload.Scheme =
            switch vector.category {
            case "vnpayqr": .vnpayqr
            case "emvco_spec", "pix", "promptpay": .emv
            case "vietqr_doc_erratum": .emv  // tag 38 without the NAPAS GUID
            default: .vietqr
            }
        #expect(DecodedPayload(vector.payload).scheme == expected)
    }

    @Test(
        "Every clean VietQR vector round-trips: decode, encode the fields, decode the same fields",
        arguments: Fixtures.vectors.filter { DecodedPayload($0.payload).scheme == .vietqr && DecodedPayload($0.payload).isValid }
    )
    func roundTrip(vector: Fixtures.Vector) throws {
        let first = DecodedPayload(vector.payload)
        let fields = try #require(first.payload)
        let again = DecodedPayload(try fields.encoded())
        #expect(again.isValid)
        #expect(again.payload == fields)
    }

    @Test("Vectors our own encoder can write come out byte for byte (NAPAS §6.1 examples)")
    func napasExamplesByteForByte() throws {
        let napas = [
            "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN63049E6F",
            "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52",
            "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E",
        ]
        for payload in napas {
            #expect(try DecodedPayload(payload).payload?.encoded() == payload)
        }
    }

    private func expectTree(_ tags: [TLV], equals expected: [String: JSONValue], path: String) {
        #expect(Set(tags.map(\.id)) == Set(expected.keys), "ids under '\(path)'")
        for tag in tags {
            switch expected[tag.id] {
            case .string(let value)?: #expect(String(tag.value) == value, "value of \(path)\(tag.id)")
            case .object(let children)?:
                guard let actual = tag.children else {
                    Issue.record("\(path)\(tag.id) should be a template")
                    continue
                }
                expectTree(actual, equals: children, path: path + tag.id + "/")
            case nil: break
            }
        }
    }
}
