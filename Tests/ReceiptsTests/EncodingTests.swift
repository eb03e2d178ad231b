import Foundation
import Receipts
import Testing

@Suite("Base45 and CBOR")
struct EncodingTests {
    @Test(
        "Base45 gives RFC 9285's examples",
        arguments: [
            ("AB", "BB8"), ("Hello!!", "%69 VD92EX0"), ("base-45", "UJCLQE7W581"), ("ietf!", "QED8WEX0"),
        ]
    )
    func base45(_ text: String, _ encoded: String) throws {
        #expect(Base45.encode(Array(text.utf8)) == encoded)
        #expect(try Base45.decode(encoded) == Array(text.utf8))
    }

    @Test("Base45 refuses what RFC 9285 calls invalid", arguments: ["GGW", "ZZZ", "A", "ab", "B@8"])
    func base45Invalid(_ text: String) {
        #expect(throws: ReceiptError.self) { try Base45.decode(text) }
    }

    @Test("Base45 round-trips every byte value")
    func base45AllBytes() throws {
        let bytes = (0...255).map(UInt8.init) + [0, 0, 255]
        #expect(try Base45.decode(Base45.encode(bytes)) == bytes)
    }

    @Test(
        "CBOR writes RFC 8949's examples",
        arguments: [
            (CBOR.unsigned(0), "00"), (.unsigned(23), "17"), (.unsigned(24), "1818"), (.unsigned(100), "1864"),
            (.unsigned(1000), "1903e8"), (.unsigned(1_000_000), "1a000f4240"),
            (.unsigned(1_000_000_000_000), "1b000000e8d4a51000"), (.int(-1), "20"), (.int(-1000), "3903e7"),
            (.text(""), "60"), (.text("IETF"), "6449455446"), (.text("ü"), "62c3bc"), (.bytes([1, 2, 3, 4]), "4401020304"),
            (.array([.unsigned(1), .array([.unsigned(2), .unsigned(3)]), .array([.unsigned(4), .unsigned(5)])]), "8301820203820405"),
            (.map([(.unsigned(1), .unsigned(2)), (.unsigned(3), .unsigned(4))]), "a201020304"),
            (.tagged(1, .unsigned(1_363_896_240)), "c11a514b67b0"), (.bool(false), "f4"), (.bool(true), "f5"), (.null, "f6"),
        ]
    )
    func cbor(_ value: CBOR, _ hex: String) throws {
        #expect(Hex.encode(value.encoded()) == hex)
        #expect(try CBOR.decode(Hex.decode(hex)!) == value)
    }

    @Test(
        "CBOR reading refuses what a seal never holds",
        arguments: [
            "1817",  // 23 written in two bytes: not the shortest form
            "5f42010243030405ff",  // an indefinite-length byte string
            "62c3",  // a text that ends early
            "a201020102",  // a map that repeats a key
            "a31864010102186403",  // … a key above 63, with another between
            "a2616101616102",  // … a text key
            "0000",  // bytes after the value
            "62c328",  // a text that is not UTF-8
            "f7",  // undefined
        ]
    )
    func cborInvalid(_ hex: String) {
        #expect(throws: ReceiptError.self) { try CBOR.decode(Hex.decode(hex)!) }
    }

    @Test("COSE_Sign1 writes its message and Sig_structure as the CBOR values they are", arguments: SignatureAlgorithm.allCases)
    func coseBytes(_ algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey.generate(algorithm)
        let payload = Array(repeating: UInt8(0x61), count: 30)
        let message = try COSESign1.sign(payload, with: key)
        #expect(message.protectedHeader == CBOR.map([(.unsigned(1), .int(algorithm.coseIdentifier))]).encoded())
        #expect(message.toBeSigned == CBOR.array([.text("Signature1"), .bytes(message.protectedHeader), .bytes([]), .bytes(payload)]).encoded())
        #expect(
            message.encoded()
                == CBOR.tagged(
                    18,
                    .array([
                        .bytes(message.protectedHeader), .map([(.unsigned(4), .bytes(key.publicKey.kid))]), .bytes(payload),
                        .bytes(message.signature),
                    ])
                ).encoded()
        )
        #expect(try COSESign1.decode(message.encoded()) == message)
        #expect(
            try Seal.make(
                SealClaims(series: "26T", number: 1, issuedAt: Date(), amount: 1, feeLabel: "Phí", payerName: "An"),
                key: key
            ).hasPrefix("BL1:")
        )
    }
}
