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
        #expect(Hex.encode(try key.sign([])) ==
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
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
        let key = folder.url.appendingPathComponent("key.pem").path, cert = folder.url.appendingPathComponent("cert.pem").path
        let p12 = folder.url.appendingPathComponent("unit.p12").path
        let spec = keySpec.split(separator: " ").map(String.init)
        #expect(try ReadBack.run("openssl", ["genpkey", "-algorithm"] + spec + ["-out", key]).status == 0)
        #expect(try ReadBack.run("openssl", ["req", "-x509", "-new", "-key", key, "-out", cert, "-days", "365",
                                            "-subj", "/CN=Truong Tieu hoc Dien Bien/UID=MST:2800123456"]).status == 0)
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
}
