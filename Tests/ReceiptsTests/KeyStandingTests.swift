import Foundation
import ReadBack
import Receipts
import Testing

/// A key's standing at a seal's issue time: revoked from when, valid from when to when.
/// `Issuer.claims` is dated 2026-09-05 09:00 in Vietnam; its key is valid from 2026-09-01.
@Suite("Offline verification: revoked keys and the validity of keys")
struct KeyStandingTests {
    /// The issuer with its key's entry changed by `change`, the list signed again by the root.
    static func issuer(_ change: (inout TrustList.Key) -> Void) throws -> Issuer {
        var issuer = try Issuer()
        change(&issuer.trustList.keys[0])
        try issuer.trustList.sign(with: issuer.root)
        return issuer
    }

    static func revoked(_ reason: TrustList.Key.RevocationReason, at time: String) throws -> Issuer {
        try issuer { key in
            key.status = .revoked
            key.validTo = time
            key.revokedAt = time
            key.revocationReason = reason
        }
    }

    /// The school's receipt dated `time` (ISO 8601).
    static func claims(dated time: String) -> SealClaims {
        var claims = Issuer.claims
        claims.issuedAt = ISO8601Time.date(time)!
        return claims
    }

    @Test(
        "a key revoked as superseded keeps the seals dated before its revocation valid, and refuses those dated at it or later",
        arguments: [
            ("2026-09-05T08:59:59+07:00", SealVerifier.Verdict.valid),
            ("2026-09-05T09:00:00+07:00", .revokedKey),
            ("2026-09-05T09:00:01+07:00", .revokedKey),
            ("2026-10-01T00:00:00+07:00", .revokedKey),
        ]
    )
    func superseded(dated: String, verdict: SealVerifier.Verdict) throws {
        let issuer = try Self.revoked(.superseded, at: "2026-09-05T09:00:00+07:00")
        let result = SealVerifier(trustList: issuer.trustList).verify(try issuer.seal(Self.claims(dated: dated)))
        #expect(result.verdict == verdict, "\(result.reason)")
    }

    @Test("a key revoked as compromised from a time past refuses seals dated from then, saying when and why")
    func compromised() throws {
        let issuer = try Self.revoked(.compromised, at: "2026-09-03T00:00:00+07:00")
        let forged = SealVerifier(trustList: issuer.trustList).verify(try issuer.seal(Self.claims(dated: "2026-09-05T09:00:00+07:00")))
        #expect(forged.verdict == .revokedKey)
        #expect(forged.reason.contains("revoked as compromised from 2026-09-03T00:00:00+07:00"))
        #expect(forged.claims != nil, "the seal's claims are still shown")
        // Dated before the compromise: all an offline verifier can tell is that it was made by then.
        let earlier = SealVerifier(trustList: issuer.trustList).verify(try issuer.seal(Self.claims(dated: "2026-09-02T10:00:00+07:00")))
        #expect(earlier.verdict == .valid)
        #expect(earlier.reason.contains("revoked (compromised) from 2026-09-03T00:00:00+07:00, after this seal's date"))
    }

    @Test("a list that marks a key revoked without a time (as lists before revocation times did) refuses all it sealed")
    func revokedWithoutTime() throws {
        let issuer = try Issuer(status: .revoked)
        #expect(
            SealVerifier(trustList: issuer.trustList).verify(try issuer.seal(Self.claims(dated: "2026-09-02T10:00:00+07:00"))).verdict == .revokedKey
        )
    }

    @Test(
        "a seal dated outside its key's validity is outside_validity; inside it, valid",
        arguments: [
            ("2026-08-31T23:59:59+07:00", SealVerifier.Verdict.outsideValidity),
            ("2026-09-01T00:00:00+07:00", .valid),
            ("2026-09-30T12:00:00+07:00", .valid),
            ("2026-09-30T12:00:01+07:00", .outsideValidity),
        ]
    )
    func validity(dated: String, verdict: SealVerifier.Verdict) throws {
        let issuer = try Self.issuer { key in
            key.status = .verifyOnly
            key.validTo = "2026-09-30T12:00:00+07:00"
        }
        let result = SealVerifier(trustList: issuer.trustList).verify(try issuer.seal(Self.claims(dated: dated)))
        #expect(result.verdict == verdict, "\(result.reason)")
    }

    @Test("the validity is read in any offset the list writes it in")
    func validityInUTC() throws {
        let issuer = try Self.issuer { $0.validFrom = "2026-09-05T02:00:01Z" }
        let result = SealVerifier(trustList: issuer.trustList).verify(try issuer.seal())
        #expect(result.verdict == .outsideValidity)
        #expect(
            result.reason
                == "the seal is dated 2026-09-05T09:00:00+07:00, before its key \(issuer.key.publicKey.kidHex) was valid (from 2026-09-05T02:00:01Z)"
        )
    }

    @Test("a trust list written before revocations existed reads, and its signature still verifies")
    func oldListReads() throws {
        let issuer = try Issuer()
        // What the service published before: no revokedAt or revocationReason at all.
        let json = String(decoding: try issuer.trustList.json(), as: UTF8.self)
        #expect(!json.contains("revokedAt") && !json.contains("revocationReason"), "fields left out while empty")
        let read = try TrustList.read(Array(json.utf8))
        #expect(read.isSigned(pinned: issuer.root.publicKey))
        #expect(SealVerifier(trustList: read).verify(try issuer.seal()).verdict == .valid)
    }

    @Test("the revocation is signed: a list with the revocation taken out, or its time moved, no longer verifies")
    func revocationIsSigned() throws {
        let issuer = try Self.revoked(.compromised, at: "2026-09-03T00:00:00+07:00")
        #expect(issuer.trustList.isSigned(pinned: issuer.root.publicKey))
        var stripped = issuer.trustList
        stripped.keys[0].revokedAt = nil
        stripped.keys[0].revocationReason = nil
        stripped.keys[0].status = .active
        #expect(!stripped.isSigned())
        var moved = issuer.trustList
        moved.keys[0].revokedAt = "2026-09-10T00:00:00+07:00"
        #expect(!moved.isSigned())
    }

    @Test("the openssl command verifies the root's signature over a trust list that carries a revocation")
    func opensslVerifiesTrustList() throws {
        let issuer = try Self.revoked(.superseded, at: "2026-09-03T00:00:00+07:00")
        let list = try TrustList.read(issuer.trustList.json())
        let folder = try ScratchDirectory()
        let key = try folder.write(Array(issuer.root.publicKey.pem.utf8), to: "root.pem")
        let bytes = try list.signedBytes()
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""revocationReason":"superseded","revokedAt":"2026-09-03T00:00:00+07:00""#))
        let data = try folder.write(bytes, to: "list.bin")
        let signature = try folder.write(Array(Data(base64Encoded: list.signature ?? "") ?? Data()), to: "signature.bin")
        let good = try ReadBack.run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", key, "-rawin", "-in", data, "-sigfile", signature])
        #expect(good.status == 0, "\(good.text) \(good.errors)")
        var moved = list
        moved.keys[0].revokedAt = "2026-09-10T00:00:00+07:00"
        let changed = try folder.write(try moved.signedBytes(), to: "moved.bin")
        #expect(
            try ReadBack.run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", key, "-rawin", "-in", changed, "-sigfile", signature]).status != 0
        )
    }

    @Test("a list's age is counted from its issuedAt")
    func age() throws {
        let issuer = try Issuer()
        let now = ISO8601Time.date("2026-09-09T00:00:00+07:00")!
        let age = try #require(issuer.trustList.age(at: now))
        #expect(Int(age.rounded()) == 8 * 86_400, "\(age)")
        var unreadable = issuer.trustList
        unreadable.issuedAt = "yesterday"
        #expect(unreadable.age(at: now) == nil)
    }
}
