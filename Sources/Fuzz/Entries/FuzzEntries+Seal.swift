import Foundation
import Receipts

extension FuzzEntries {
    /// The key the seal target's trust list holds (a fixed Ed25519 seed: the seeds in
    /// `Tests/Fixtures/fuzz/seal/` are signed with it, so mutations of them reach the signature check).
    public static let sealKey = try! SigningKey(ed25519Seed: [UInt8](repeating: 7, count: 32))

    /// A verifier trusting ``sealKey`` alone.
    public static let sealVerifier = SealVerifier(
        trustList: TrustList(
            issuedAt: "2026-01-01T00:00:00Z",
            keys: [
                TrustList.Key(
                    kid: sealKey.publicKey.kidHex,
                    alg: sealKey.algorithm,
                    publicKeyPem: sealKey.publicKey.pem,
                    unitId: 1,
                    unitName: "Trường Tiểu học Xã Thử",
                    taxCode: nil,
                    address: nil,
                    status: .active,
                    validFrom: "2026-01-01T00:00:00+07:00",
                    validTo: nil
                )
            ],
            root: sealKey.publicKey
        )
    )

    /// The input three ways: as CBOR (which must encode back to the same bytes, since only the
    /// deterministic form is read), as a seal's claims and COSE message; as the COSE message
    /// inside a seal's text (`BL1:` and its Base45), verified; and as a seal's text, verified
    /// (Base45 that decodes must encode back to the same text).
    public static func seal(_ bytes: [UInt8]) {
        if let value = try? CBOR.decode(bytes) {
            precondition(value.encoded() == bytes, "CBOR read from bytes that are not its encoding")
        }
        _ = try? SealClaims(cbor: bytes)
        _ = try? COSESign1.decode(bytes)
        _ = sealVerifier.verify(Seal.prefix + Base45.encode(bytes))
        let text = String(decoding: bytes, as: UTF8.self)
        if let decoded = try? Base45.decode(text) {
            precondition(Base45.encode(decoded) == text, "Base45 read from text that is not its encoding")
        }
        _ = sealVerifier.verify(text)
    }
}
