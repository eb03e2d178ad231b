import Growth
import Testing
import VietQR

@Suite("Decoding time grows linearly with the payload")
struct DecodingGrowthTests {
    /// Templates `62` each holding one child, repeated: the tag tree was built by searching all
    /// objects for each template's children (security review, finding 2).
    @Test("the tag tree of many templates")
    func manyTemplates() {
        func payload(_ count: Int) -> String { Growth.repeated("62050101" + "0", count) }
        let ratio = Growth.ratio(small: payload(500), large: payload(4_000)) { text in
            let decoded = DecodedPayload(text)
            #expect(decoded.tags.count > 0)
        }
        #expect(ratio < Growth.limit)
    }

    @Test("many data objects at the root, every one repeated")
    func manyObjects() {
        func payload(_ count: Int) -> String { "6299" + Growth.repeated("0101" + "0", count) }
        let ratio = Growth.ratio(small: payload(1_000), large: payload(8_000)) { text in
            #expect(DecodedPayload(text).tags.count > 0)
        }
        #expect(ratio < Growth.limit)
    }
}
