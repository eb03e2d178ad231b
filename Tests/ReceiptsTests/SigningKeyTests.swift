import Foundation
import ReadBack
import Receipts
import Testing

@Suite("Keys and signatures through OpenSSL")
struct SigningKeyTests {
    @Test("Ed25519 gives RFC 8032's test 1: its public key and the signature of the empty message")
    func rfc8032() throws {
        let key = try SigningKey(ed25519Seed: Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")!)
        #expect(Hex.encode(Array(key.publicKey.der.suffix(32))) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        #expect(
            Hex.encode(try key.sign([]))
                == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        )
    }

    @Test("a signature verifies, and not once the message or signature changes", arguments: SignatureAlgorithm.allCases)
    func verifies(_ algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey.generate(algorithm)
        let message = Array("Biên lai số 0000001".utf8)
        let signature = try key.sign(message)
        #expect(signature.count == 64)
        #expect(key.publicKey.verifies(signature, for: message))
        #expect(!key.publicKey.verifies(signature, for: message + [0]))
        var changed = signature
        changed[10] ^= 1
        #expect(!key.publicKey.verifies(changed, for: message))
        #expect(!(try SigningKey.generate(algorithm)).publicKey.verifies(signature, for: message))
    }

    @Test("the kid is the first 8 bytes of SHA-256 over the DER public key, as openssl computes it", arguments: SignatureAlgorithm.allCases)
    func kid(_ algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey.generate(algorithm)
        let folder = try ScratchDirectory()
        let pem = try folder.write(Array(key.publicKey.pem.utf8), to: "public.pem")
        let der = folder.url.appendingPathComponent("public.der").path
        let converted = try ReadBack.run("openssl", ["pkey", "-pubin", "-in", pem, "-outform", "DER", "-out", der])
        #expect(converted.status == 0, "\(converted.errors)")
        let digest = try ReadBack.run("openssl", ["dgst", "-sha256", "-r", der])
        #expect(digest.text.hasPrefix(key.publicKey.kidHex))
        #expect(key.publicKey.kidHex.count == 16)
    }

    @Test("a private key survives PEM, plain and encrypted; a wrong password is named", arguments: SignatureAlgorithm.allCases)
    func pem(_ algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey.generate(algorithm)
        #expect(try SigningKey(pem: key.pem()).publicKey == key.publicKey)
        let locked = try key.pem(password: "mật khẩu")
        #expect(locked.contains("ENCRYPTED"))
        #expect(try SigningKey(pem: locked, password: "mật khẩu").publicKey == key.publicKey)
        #expect(throws: ReceiptError.badKey("the password does not open the key")) { try SigningKey(pem: locked, password: "sai") }
        #expect(throws: ReceiptError.badKey("the key is encrypted: give its password")) { try SigningKey(pem: locked) }
        #expect(try PublicKey(pem: key.publicKey.pem) == key.publicKey)
    }

    @Test("the key of a PKCS#12 file made by openssl is read with its password", arguments: ["ed25519", "EC -pkeyopt ec_paramgen_curve:P-256"])
    func pkcs12(_ keySpec: String) throws {
        let folder = try ScratchDirectory()
        let key = folder.url.appendingPathComponent("key.pem").path
        let cert = folder.url.appendingPathComponent("cert.pem").path
        let p12 = folder.url.appendingPathComponent("unit.p12").path
        let spec = keySpec.split(separator: " ").map(String.init)
        #expect(try ReadBack.run("openssl", ["genpkey", "-algorithm"] + spec + ["-out", key]).status == 0)
        #expect(
            try ReadBack.run(
                "openssl",
                [
                    "req", "-x509", "-new", "-key", key, "-out", cert, "-days", "365",
                    "-subj", "/CN=Truong Tieu hoc Dien Bien/UID=MST:2800123456",
                ]
            ).status == 0
        )
        let export = try ReadBack.run("openssl", ["pkcs12", "-export", "-inkey", key, "-in", cert, "-out", p12, "-passout", "pass:bí mật"])
        #expect(export.status == 0, "\(export.errors)")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: p12)))
        let imported = try SigningKey(pkcs12: bytes, password: "bí mật")
        let expected = try SigningKey(pem: String(contentsOfFile: key, encoding: .utf8))
        #expect(imported.publicKey == expected.publicKey)
        #expect(throws: ReceiptError.badKey("the password does not open the PKCS#12 file")) {
            try SigningKey(pkcs12: bytes, password: "wrong")
        }
    }

    @Test("an RSA key is refused with the reason")
    func rsaRefused() throws {
        let folder = try ScratchDirectory()
        let path = folder.url.appendingPathComponent("rsa.pem").path
        #expect(try ReadBack.run("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", path]).status == 0)
        #expect(throws: ReceiptError.badKey("RSA keys do not fit a seal QR code; use an Ed25519 or ECDSA P-256 key")) {
            try SigningKey(pem: String(contentsOfFile: path, encoding: .utf8))
        }
    }

    @Test("a key never shows its secret in its description")
    func description() throws {
        let key = try SigningKey.generate()
        #expect(key.description == "SigningKey(EdDSA, kid \(key.publicKey.kidHex))")
        #expect(!String(reflecting: key).contains(try key.pem().split(separator: "\n")[1]))
    }

    @Test("ECDSA signatures convert between raw and DER both ways")
    func ecdsaForms() throws {
        let key = try SigningKey.generate(.es256)
        let raw = try key.sign([1, 2, 3])
        let der = try ECDSASignature.der(fromRaw: raw)
        #expect(der.first == 0x30)
        #expect(try ECDSASignature.raw(fromDER: der) == raw)
    }

    @Test("ECDSA's DER is read and written to the byte: shortest INTEGERs, a zero before a high bit, nothing else accepted")
    func ecdsaDER() throws {
        // r = 0x00 0x00 0x7F …, s = 0xFF …: r loses two zero bytes, s gains one.
        let raw = [0, 0, 0x7F] + [UInt8](repeating: 0x11, count: 29) + [0xFF] + [UInt8](repeating: 0x22, count: 31)
        let der = try ECDSASignature.der(fromRaw: raw)
        #expect(
            der == [0x30, 67, 0x02, 30, 0x7F] + [UInt8](repeating: 0x11, count: 29)
                + [0x02, 33, 0x00, 0xFF] + [UInt8](repeating: 0x22, count: 31)
        )
        #expect(try ECDSASignature.raw(fromDER: der) == raw)
        let zero = [UInt8](repeating: 0, count: 63) + [1]
        #expect(try ECDSASignature.der(fromRaw: zero) == [0x30, 6, 0x02, 1, 0x00, 0x02, 1, 0x01])
        #expect(try ECDSASignature.raw(fromDER: ECDSASignature.der(fromRaw: zero)) == zero)
        for bad: [UInt8] in [
            [0x30, 6, 0x02, 1, 0x80, 0x02, 1, 0x01],  // negative r
            [0x30, 7, 0x02, 2, 0x00, 0x01, 0x02, 1, 0x01],  // r not in its shortest form
            [0x30, 7, 0x02, 1, 0x01, 0x02, 1, 0x01, 0x00],  // a byte after s
            [0x30, 6, 0x02, 1, 0x01, 0x02, 2, 0x01],  // s runs past the end
            [0x31, 6, 0x02, 1, 0x01, 0x02, 1, 0x01],  // not a SEQUENCE
        ] {
            #expect(throws: ReceiptError.self, "\(bad)") { try ECDSASignature.raw(fromDER: bad) }
        }
        #expect(throws: ReceiptError.malformed("the ECDSA signature's numbers are longer than P-256's")) {
            try ECDSASignature.raw(fromDER: [0x30, 38, 0x02, 33, 0x01] + [UInt8](repeating: 0, count: 32) + [0x02, 1, 0x01])
        }
        // What openssl's command line signs reads back as a signature our key verifies.
        let key = try SigningKey.generate(.es256)
        let folder = try ScratchDirectory()
        let pem = try folder.write(Array(try key.pem().utf8), to: "key.pem")
        let message = try folder.write(Array("Biên lai số 0000002".utf8), to: "message.txt")
        let signature = folder.url.appendingPathComponent("signature.der").path
        let signed = try ReadBack.run("openssl", ["dgst", "-sha256", "-sign", pem, "-out", signature, message])
        #expect(signed.status == 0, "\(signed.errors)")
        let fromOpenSSL = try ECDSASignature.raw(fromDER: Array(Data(contentsOf: URL(fileURLWithPath: signature))))
        #expect(key.publicKey.verifies(fromOpenSSL, for: Array("Biên lai số 0000002".utf8)))
    }

    @Test(
        "one key signs and verifies from 8 tasks at once, 200 times each, reusing its OpenSSL contexts, and openssl agrees",
        arguments: SignatureAlgorithm.allCases
    )
    func concurrent(_ algorithm: SignatureAlgorithm) async throws {
        let key = try SigningKey.generate(algorithm)
        // A second handle on the same key: its contexts are its own, so it checks the first one's.
        let twin = try SigningKey(pem: key.pem())
        let samples = try await withThrowingTaskGroup(of: ([UInt8], [UInt8]).self) { group in
            for task in 0..<8 {
                group.addTask {
                    var last: ([UInt8], [UInt8]) = ([], [])
                    for round in 0..<200 {
                        let message = Array("Biên lai \(task)-\(round)".utf8)
                        let signature = try key.sign(message)
                        guard signature.count == 64, key.publicKey.verifies(signature, for: message),
                            twin.publicKey.verifies(signature, for: message),
                            !key.publicKey.verifies(signature, for: message + [0])
                        else {
                            throw ReceiptError.crypto("task \(task), round \(round): the signature does not check out")
                        }
                        // Ed25519 is deterministic: a reused context signs as a fresh one does.
                        if algorithm == .ed25519, round % 50 == 0, try twin.sign(message) != signature {
                            throw ReceiptError.crypto("task \(task), round \(round): two contexts sign differently")
                        }
                        last = (message, signature)
                    }
                    return last
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(samples.count == 8)
        let folder = try ScratchDirectory()
        let publicKey = try folder.write(Array(key.publicKey.pem.utf8), to: "public.pem")
        for (index, (message, signature)) in samples.enumerated() {
            let file = try folder.write(message, to: "message\(index)")
            let checked =
                switch algorithm {
                case .ed25519:
                    try ReadBack.run(
                        "openssl",
                        [
                            "pkeyutl", "-verify", "-pubin", "-inkey", publicKey, "-rawin", "-in", file,
                            "-sigfile", folder.write(signature, to: "signature\(index)"),
                        ]
                    )
                case .es256:
                    try ReadBack.run(
                        "openssl",
                        [
                            "dgst", "-sha256", "-verify", publicKey, "-signature",
                            folder.write(ECDSASignature.der(fromRaw: signature), to: "signature\(index)"), file,
                        ]
                    )
                }
            #expect(checked.status == 0 && checked.text.contains("Verified"), "\(checked.text) \(checked.errors)")
        }
    }
}
