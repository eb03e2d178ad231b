import Crypto
import Foundation
import Testing

@testable import Accounts

@Suite("Secrets sealed at rest (AES-256-GCM through OpenSSL)")
struct SecretBoxTests {
    static let secret = "5f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f"

    @Test("a sealed secret opens with its key and purpose, and holds no plain text of it")
    func roundTrip() throws {
        let key = SecretKey.generate()
        let sealed = try SealedSecret.seal(Self.secret, key: key, purpose: "unit 7")
        #expect(sealed.hasPrefix("aes-256-gcm$\(key.id)$"))
        #expect(!sealed.contains(Self.secret) && !sealed.contains(Data(Self.secret.utf8).base64EncodedString()))
        #expect(try SealedSecret.open(sealed, key: key, purpose: "unit 7") == Self.secret)
        #expect(try SealedSecret.seal(Self.secret, key: key, purpose: "unit 7") != sealed, "a fresh nonce each time")
    }

    @Test("it does not open for another purpose (another unit's row), with another key, or changed in any byte")
    func refusals() throws {
        let key = SecretKey.generate()
        let sealed = try SealedSecret.seal(Self.secret, key: key, purpose: "unit 7")
        #expect(throws: SecretBoxError.tampered) { try SealedSecret.open(sealed, key: key, purpose: "unit 8") }
        let other = SecretKey.generate()
        #expect(throws: SecretBoxError.otherKey(key.id)) { try SealedSecret.open(sealed, key: other, purpose: "unit 7") }
        #expect(throws: SecretBoxError.notSealed) { try SealedSecret.open(Self.secret, key: key, purpose: "unit 7") }
        let parts = sealed.split(separator: "$")
        var bytes = try #require(Data(base64Encoded: String(parts[2])))
        for index in bytes.indices {
            bytes[index] ^= 0x01
            let changed = "\(parts[0])$\(parts[1])$\(bytes.base64EncodedString())"
            #expect(throws: SecretBoxError.tampered) { try SealedSecret.open(changed, key: key, purpose: "unit 7") }
            bytes[index] ^= 0x01
        }
    }

    @Test("what OpenSSL seals, swift-crypto's AES-GCM opens with the same associated data, and the reverse")
    func interoperates() throws {
        let key = SecretKey.generate()
        let symmetric = SymmetricKey(data: key.bytes)
        let sealed = try SealedSecret.seal(Self.secret, key: key, purpose: "unit 7")
        let bytes = try #require(Data(base64Encoded: String(sealed.split(separator: "$")[2])))
        let box = try AES.GCM.SealedBox(combined: bytes)
        let plain = try AES.GCM.open(box, using: symmetric, authenticating: Data("unit 7".utf8))
        #expect(String(decoding: plain, as: UTF8.self) == Self.secret)

        let theirs = try AES.GCM.seal(Data(Self.secret.utf8), using: symmetric, authenticating: Data("unit 9".utf8))
        let text = "aes-256-gcm$\(key.id)$\(try #require(theirs.combined).base64EncodedString())"
        #expect(try SealedSecret.open(text, key: key, purpose: "unit 9") == Self.secret)
    }

    @Test("a key file holds 64 hex digits and reads back as the same key; anything else is not a key")
    func keyFile() throws {
        let key = SecretKey.generate()
        #expect(key.fileText.count == 65 && key.fileText.hasSuffix("\n"))
        #expect(SecretKey(file: key.fileText) == key)
        #expect(SecretKey(file: String(key.fileText.dropFirst(2))) == nil)
        #expect(SecretKey(file: "") == nil)
    }
}
