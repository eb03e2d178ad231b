import Growth
import Receipts
import Testing

@Suite("Reading a seal takes time linear in its length")
struct SealGrowthTests {
    /// A CBOR map of `count` text keys (`"k0"`, `"k1"`, …), each with the value 0.
    static func map(_ count: Int) -> [UInt8] {
        var entries: [(CBOR, CBOR)] = []
        for index in 0..<count { entries.append((.text("k\(index)"), .unsigned(0))) }
        return CBOR.map(entries).encoded()
    }

    /// Keys other than small integers were checked for repeats against every earlier key
    /// (security review, finding 3).
    @Test("a CBOR map of many text keys")
    func cborMap() throws {
        let ratio = Growth.ratio(small: Self.map(1_000), large: Self.map(8_000)) { bytes in
            #expect((try? CBOR.decode(bytes)) != nil)
        }
        #expect(ratio < Growth.limit)
    }

    @Test("a CBOR map that repeats its last key is refused")
    func repeatedKey() {
        var entries: [(CBOR, CBOR)] = [(.text("k"), .unsigned(0)), (.bytes([1]), .null), (.text("k"), .unsigned(1))]
        #expect(throws: ReceiptError.self) { try CBOR.decode(CBOR.map(entries).encoded()) }
        entries[2].0 = .text("K")
        #expect((try? CBOR.decode(CBOR.map(entries).encoded())) != nil)
    }

    /// A seal whose unprotected header carries `count` extra text keys: Base45, CBOR, COSE and
    /// the signature check, the whole verification.
    static func seal(_ count: Int, key: SigningKey) -> String {
        let message = try! COSESign1.sign(SealClaimsFixture.bytes, with: key)
        var unprotected: [(CBOR, CBOR)] = [(.unsigned(4), .bytes(message.kid))]
        for index in 0..<count { unprotected.append((.text("x\(index)"), .null)) }
        let cose = CBOR.tagged(
            COSESign1.tag,
            .array([.bytes(message.protectedHeader), .map(unprotected), .bytes(message.payload), .bytes(message.signature)])
        )
        return Seal.prefix + Base45.encode(cose.encoded())
    }

    @Test("verifying a seal with a long header")
    func verification() throws {
        let issuer = try Issuer()
        let key = issuer.key
        let verifier = SealVerifier(trustList: issuer.trustList)
        #expect(verifier.verify(Self.seal(10, key: key)).verdict == .valid)
        let ratio = Growth.ratio(small: Self.seal(500, key: key), large: Self.seal(4_000, key: key)) { text in
            #expect(verifier.verify(text).verdict == .valid)
        }
        #expect(ratio < Growth.limit)
    }
}

/// The claims of a small receipt, as CBOR.
enum SealClaimsFixture {
    static let bytes = Issuer.claims.cbor.encoded()
}
