import Foundation
import Receipts

/// A deployment in miniature for the tests: a root key, a school's key in a signed trust list, and
/// a typical school receipt's claims.
struct Issuer {
    let root: SigningKey
    let key: SigningKey
    var trustList: TrustList

    init(_ algorithm: SignatureAlgorithm = .ed25519, status: TrustList.Key.Status = .active) throws {
        root = try SigningKey.generate()
        key = try SigningKey.generate(algorithm)
        trustList = TrustList(
            issuedAt: "2026-09-01T00:00:00+07:00",
            keys: [
                TrustList.Key(
                    kid: key.publicKey.kidHex,
                    alg: algorithm,
                    publicKeyPem: key.publicKey.pem,
                    unitId: 2,
                    unitName: "Trường Tiểu học Điện Biên",
                    taxCode: "2800123456",
                    address: "Phường Điện Biên, Thanh Hóa",
                    status: status,
                    validFrom: "2026-09-01T00:00:00+07:00",
                    validTo: nil
                )
            ],
            root: root.publicKey
        )
        try trustList.sign(with: root)
    }

    /// Học phí tháng 9 of a pupil of class 5A.
    static let claims = SealClaims(
        documentType: .ebl01,
        series: "26T",
        number: 123,
        issuedAt: Date(timeIntervalSince1970: 1_788_573_600),
        amount: 150_000,
        feeLabel: "Học phí T9/2026",
        payerName: "Nguyễn Thị Hoà",
        payerReference: "HS0512-5A",
        period: 202609
    )

    func seal(_ claims: SealClaims = Issuer.claims) throws -> String { try Seal.make(claims, key: key) }

    /// A status list of the school saying receipt 26T 123 was replaced by 26T 124.
    func statusList() throws -> StatusList {
        var list = StatusList(
            unitId: 2,
            series: "26T",
            issuedAt: "2026-09-10T00:00:00+07:00",
            entries: [
                .init(formCode: "EBL01", series: "26T", number: 123, status: .replaced, by: "EBL01 26T 0000124")
            ],
            root: root.publicKey
        )
        try list.sign(with: root)
        return list
    }
}
