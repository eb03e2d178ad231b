import Foundation
import Receipts
import Testing

@Suite("Offline verification")
struct VerifierTests {
    @Test("a seal of a trusted key is valid and names its issuer", arguments: SignatureAlgorithm.allCases)
    func valid(_ algorithm: SignatureAlgorithm) throws {
        let issuer = try Issuer(algorithm)
        let result = SealVerifier(trustList: issuer.trustList).verify(try issuer.seal())
        #expect(result.verdict == .valid)
        #expect(result.claims == Issuer.claims)
        #expect(result.issuer?.unitName == "Trường Tiểu học Điện Biên")
    }

    @Test("a key that only verifies now still makes its receipts valid")
    func verifyOnly() throws {
        let issuer = try Issuer(status: .verifyOnly)
        #expect(SealVerifier(trustList: issuer.trustList).verify(try issuer.seal()).verdict == .valid)
    }

    @Test("a seal of a key the trust list does not have is unknown_key")
    func unknownKey() throws {
        let issuer = try Issuer()
        let stranger = try Seal.make(Issuer.claims, key: SigningKey.generate())
        #expect(SealVerifier(trustList: issuer.trustList).verify(stranger).verdict == .unknownKey)
    }

    @Test("a seal whose kid is trusted but whose signature is another key's is bad_signature")
    func badSignature() throws {
        let issuer = try Issuer()
        var list = issuer.trustList
        list.keys[0].publicKeyPem = try SigningKey.generate().publicKey.pem
        #expect(SealVerifier(trustList: list).verify(try issuer.seal()).verdict == .badSignature)
    }

    @Test("a seal of a revoked key is revoked_key")
    func revoked() throws {
        let issuer = try Issuer(status: .revoked)
        #expect(SealVerifier(trustList: issuer.trustList).verify(try issuer.seal()).verdict == .revokedKey)
    }

    @Test("a receipt the status list names is replaced, and says by which")
    func replaced() throws {
        let issuer = try Issuer()
        let result = SealVerifier(trustList: issuer.trustList, statusLists: [try issuer.statusList()]).verify(try issuer.seal())
        #expect(result.verdict == .replaced)
        #expect(result.reason == "the receipt was replaced by EBL01 26T 0000124")
        var other = Issuer.claims
        other.number = 122
        #expect(SealVerifier(trustList: issuer.trustList, statusLists: [try issuer.statusList()]).verify(try issuer.seal(other)).verdict == .valid)
    }

    @Test(
        "text that is not a seal is malformed, saying why",
        arguments: [
            ("HC1:6BFOXN", "a receipt seal starts with BL1:"),
            ("BL1:abc", "'a' is not a Base45 character"),
            ("BL1:", "the CBOR data ends early"),
            ("BL1:" + Base45.encode([0xC1, 0x00]), "the seal is not a COSE_Sign1 message (CBOR tag 18)"),
        ]
    )
    func malformed(_ text: String, _ reason: String) throws {
        let result = SealVerifier(trustList: try Issuer().trustList).verify(text)
        #expect(result.verdict == .malformed)
        #expect(result.reason == reason)
    }

    @Test("a trust list verifies under its root, and fails once anything in it changes")
    func trustListSignature() throws {
        let issuer = try Issuer()
        #expect(issuer.trustList.isSigned())
        #expect(issuer.trustList.isSigned(pinned: issuer.root.publicKey))
        #expect(!issuer.trustList.isSigned(pinned: try SigningKey.generate().publicKey))
        var changed = issuer.trustList
        changed.keys[0].unitName = "Trường khác"
        #expect(!changed.isSigned())
        let read = try TrustList.read(issuer.trustList.json())
        #expect(read.isSigned())
        #expect(read == issuer.trustList)
    }

    @Test("a status list verifies under the root, and fails once an entry changes")
    func statusListSignature() throws {
        let issuer = try Issuer()
        let list = try issuer.statusList()
        #expect(list.isSigned(pinned: issuer.root.publicKey))
        var changed = list
        changed.entries.removeAll()
        #expect(!changed.isSigned())
        #expect(try StatusList.read(list.json()).isSigned())
    }
}
