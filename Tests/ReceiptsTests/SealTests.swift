import Foundation
import QRCode
import ReadBack
import Receipts
import Testing

@Suite("Receipt seals")
struct SealTests {
    @Test("a seal is BL1: and Base45, and its claims come back as sealed", arguments: SignatureAlgorithm.allCases)
    func roundTrip(_ algorithm: SignatureAlgorithm) throws {
        let issuer = try Issuer(algorithm)
        let seal = try issuer.seal()
        #expect(seal.hasPrefix("BL1:"))
        let message = try Seal.open(seal)
        #expect(message.algorithm == algorithm)
        #expect(message.kid == issuer.key.publicKey.kid)
        #expect(message.isSigned(by: issuer.key.publicKey))
        #expect(try SealClaims(cbor: message.payload) == Issuer.claims)
    }

    @Test("the openssl command verifies the signature over the COSE Sig_structure", arguments: SignatureAlgorithm.allCases)
    func opensslVerifies(_ algorithm: SignatureAlgorithm) throws {
        let issuer = try Issuer(algorithm)
        let message = try Seal.open(try issuer.seal())
        let folder = try ScratchDirectory()
        let key = try folder.write(Array(issuer.key.publicKey.pem.utf8), to: "public.pem")
        let data = try folder.write(message.toBeSigned, to: "tbs.bin")
        let changed = try folder.write(message.toBeSigned.dropLast() + [message.toBeSigned.last! ^ 1], to: "changed.bin")
        func verify(_ file: String) throws -> ToolRun {
            switch algorithm {
            case .ed25519:
                let signature = try folder.write(message.signature, to: "signature.bin")
                return try ReadBack.run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", key, "-rawin", "-in", file, "-sigfile", signature])
            case .es256:
                let signature = try folder.write(try ECDSASignature.der(fromRaw: message.signature), to: "signature.der")
                return try ReadBack.run("openssl", ["dgst", "-sha256", "-verify", key, "-signature", signature, file])
            }
        }
        let good = try verify(data)
        #expect(good.status == 0, "\(good.text) \(good.errors)")
        #expect(good.text.contains("Verified"))
        #expect(try verify(changed).status != 0)
    }

    @Test("changing any byte of a seal makes it fail", arguments: SignatureAlgorithm.allCases)
    func everyByte(_ algorithm: SignatureAlgorithm) throws {
        let issuer = try Issuer(algorithm)
        let bytes = try Base45.decode(String(try issuer.seal().dropFirst(4)))
        let verifier = SealVerifier(trustList: issuer.trustList)
        for index in bytes.indices {
            var changed = bytes
            changed[index] ^= 0x01
            let verdict = verifier.verify("BL1:" + Base45.encode(changed)).verdict
            #expect(verdict != .valid, "byte \(index) changed and the seal still passed")
        }
    }

    @Test("a typical seal fits a version ≤ 10 QR code at level M, and zbarimg reads it back")
    func qrCode() throws {
        let seal = try Issuer().seal()
        let matrix = try QRMatrix(alphanumeric: seal, errorCorrection: .medium)
        #expect(matrix.version <= 10)
        #expect(try ZBar.read(image: matrix.png(scale: 4)) == [seal])
    }

    @Test("the largest claims allowed still fit version 10 at level M")
    func largestFits() throws {
        var claims = Issuer.claims
        claims.supersedes = .init(kind: .replaces, series: "26T", number: 9_999_999)
        claims.feeLabel = ""
        while claims.cbor.encoded().count < Seal.claimLimit { claims.feeLabel += "a" }
        #expect(claims.cbor.encoded().count == Seal.claimLimit)
        let matrix = try QRMatrix(alphanumeric: try Seal.make(claims, key: SigningKey.generate(.es256)), errorCorrection: .medium)
        #expect(matrix.version == 10)
    }

    @Test("claims over 100 bytes are refused, saying what to shorten")
    func tooLong() throws {
        var claims = Issuer.claims
        claims.feeLabel = "Học phí và tiền ăn bán trú học kỳ I năm học 2026–2027 của lớp 5A"
        #expect(throws: ReceiptError.claimsTooLong(bytes: claims.cbor.encoded().count, limit: 100)) {
            try Seal.make(claims, key: SigningKey.generate())
        }
        let text = ReceiptError.claimsTooLong(bytes: 120, limit: 100).description
        #expect(text.contains("shorten the fee label"))
    }

    @Test("names are sealed in NFC, whatever form they were typed in")
    func nfc() throws {
        let decomposed = "Nguye\u{0302}\u{0303}n Thi\u{0323} Hoa\u{0300}"
        let claims = SealClaims(series: "26T", number: 1, issuedAt: Date(), amount: 1, feeLabel: "Phí", payerName: decomposed)
        #expect(claims.payerName == "Nguyễn Thị Hoà")
        #expect(claims.payerName.unicodeScalars.count == "Nguyễn Thị Hoà".unicodeScalars.count)
    }
}
