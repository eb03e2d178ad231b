import Accounts
import Foundation
import ReadBack
import Testing

@Suite("Passwords and session tokens")
struct PasswordHashTests {
    @Test("a stored password matches itself only, with 600,000 iterations and a fresh salt each time")
    func roundTrip() throws {
        let stored = try PasswordHash(password: "Mật khẩu 2026!")
        #expect(stored.iterations == 600_000)
        #expect(stored.salt.count == 16)
        let read = try #require(PasswordHash(stored.description))
        #expect(read == stored)
        #expect(read.matches("Mật khẩu 2026!"))
        #expect(!read.matches("Mật khẩu 2026"))
        #expect(!read.matches("mật khẩu 2026!"))
        #expect(try PasswordHash(password: "Mật khẩu 2026!").salt != stored.salt)
    }

    @Test("the hash is PBKDF2-HMAC-SHA256 as OpenSSL's own command computes it")
    func matchesOpenSSL() throws {
        let stored = try PasswordHash(password: "bí mật")
        let salt = stored.salt.map { String(format: "%02x", $0) }.joined()
        let run = try ReadBack.run(
            "openssl",
            [
                "kdf", "-keylen", "32", "-kdfopt", "digest:SHA256", "-kdfopt", "pass:bí mật",
                "-kdfopt", "hexsalt:\(salt)", "-kdfopt", "iter:600000", "PBKDF2",
            ]
        )
        #expect(run.status == 0, "\(run.errors)")
        let expected = stored.hash.map { String(format: "%02X", $0) }.joined(separator: ":")
        #expect(run.text.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }

    @Test("text that is not a stored hash is refused")
    func malformed() {
        for text in ["", "pbkdf2-sha256$600000$$", "bcrypt$10$abc$def", "pbkdf2-sha256$x$c2FsdA==$AAAA", "pbkdf2-sha256$600000$c2FsdA==$AAAA"] {
            #expect(PasswordHash(text) == nil, "\(text)")
        }
    }

    @Test("session tokens are random, cookie-safe, and stored as their SHA-256")
    func tokens() {
        let tokens = (0..<100).map { _ in SessionToken() }
        #expect(Set(tokens.map(\.text)).count == 100)
        #expect(tokens.allSatisfy { $0.text.count == 43 && $0.text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } })
        #expect(SessionToken("abc").storedHash == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]) && !ConstantTime.equal([1, 2, 3], [1, 2, 4]) && !ConstantTime.equal([1], [1, 2]))
    }
}
