// Release-build rates of receipt seals, per algorithm, on one core:
// `seal-bench [seconds per measurement, default 2]`. Prints tab-separated lines `<name>\t<value>`:
//   seal_<alg>_per_s     claims → seal text (CBOR + COSE_Sign1 + signature + Base45)
//   verify_<alg>_per_s   seal text → verdict (Base45 + COSE + kid look-up + signature check + claims)
// with <alg> ed25519 or es256, for a typical school receipt.
import Foundation
import Receipts

let seconds = Double(CommandLine.arguments.dropFirst().first ?? "2") ?? 2

/// Runs `body` until `seconds` have passed; returns runs per second.
func rate(_ body: () throws -> Int) rethrows -> Double {
    let clock = ContinuousClock()
    var runs = 0
    var sink = 0
    let start = clock.now
    while clock.now - start < .seconds(seconds) {
        for _ in 0..<16 { sink &+= try body() }
        runs += 16
    }
    let elapsed = clock.now - start
    precondition(sink != 0)
    return Double(runs) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

let claims = SealClaims(
    series: "26T",
    number: 123,
    issuedAt: Date(),
    amount: 150_000,
    feeLabel: "Học phí T9/2026",
    payerName: "Nguyễn Thị Hoà",
    payerReference: "HS0512-5A",
    period: 202609
)
let root = try SigningKey.generate()
for algorithm in SignatureAlgorithm.allCases {
    let key = try SigningKey.generate(algorithm)
    var trust = TrustList(
        issuedAt: Date().vietnamISO8601,
        keys: [
            .init(
                kid: key.publicKey.kidHex,
                alg: algorithm,
                publicKeyPem: key.publicKey.pem,
                unitId: 1,
                unitName: "Trường Tiểu học Điện Biên",
                taxCode: nil,
                address: nil,
                status: .active,
                validFrom: Date().vietnamISO8601,
                validTo: nil
            )
        ],
        root: root.publicKey
    )
    try trust.sign(with: root)
    let verifier = SealVerifier(trustList: trust)
    let seal = try Seal.make(claims, key: key)
    precondition(verifier.verify(seal).verdict == .valid)
    print("seal_\(algorithm.commandName)_per_s\t\(try rate { try Seal.make(claims, key: key).utf8.count })")
    print("verify_\(algorithm.commandName)_per_s\t\(rate { verifier.verify(seal).verdict == .valid ? 1 : 0 })")
}
