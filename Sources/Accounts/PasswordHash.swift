import COpenSSL

/// A password as it is stored: PBKDF2-HMAC-SHA256 with a random 16-byte salt and at least
/// 600,000 iterations (OWASP's figure for PBKDF2-SHA256), written
/// `pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>` so that the iteration count can rise
/// later without breaking the passwords stored before.
public struct PasswordHash: Sendable, Hashable, CustomStringConvertible {
    /// The fewest iterations a new hash gets.
    public static let minimumIterations = 600_000

    public let iterations: Int
    public let salt: [UInt8]
    public let hash: [UInt8]

    /// A new hash of `password` with a fresh salt.
    public init(password: String, iterations: Int = PasswordHash.minimumIterations) throws(PasswordError) {
        precondition(iterations >= Self.minimumIterations, "passwords are hashed with at least \(Self.minimumIterations) iterations")
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        self.init(iterations: iterations, salt: salt, hash: try Self.derive(password, salt: salt, iterations: iterations))
    }

    /// A stored hash read back; nil when `text` is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let iterations = Int(parts[1]), iterations > 0,
            let salt = Base64.decode(parts[2]), let hash = Base64.decode(parts[3]), !salt.isEmpty, hash.count == 32
        else { return nil }
        self.init(iterations: iterations, salt: salt, hash: hash)
    }

    private init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    /// `pbkdf2-sha256$600000$…$…`.
    public var description: String {
        "pbkdf2-sha256$\(iterations)$\(Base64.encode(salt))$\(Base64.encode(hash))"
    }

    /// Whether `password` is the one hashed, compared in constant time.
    public func matches(_ password: String) -> Bool {
        guard let candidate = try? Self.derive(password, salt: salt, iterations: iterations) else { return false }
        return ConstantTime.equal(candidate, hash)
    }

    /// PBKDF2-HMAC-SHA256 of the password's UTF-8, 32 bytes.
    static func derive(_ password: String, salt: [UInt8], iterations: Int) throws(PasswordError) -> [UInt8] {
        let utf8 = Array(password.utf8)
        var output = [UInt8](repeating: 0, count: 32)
        let status = utf8.withUnsafeBufferPointer { passwordBytes in
            PKCS5_PBKDF2_HMAC(
                passwordBytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                Int32(utf8.count),
                salt,
                Int32(salt.count),
                Int32(iterations),
                EVP_sha256(),
                Int32(output.count),
                &output
            )
        }
        guard status == 1 else { throw .crypto("PKCS5_PBKDF2_HMAC failed") }
        return output
    }
}

/// Why a password could not be hashed.
public enum PasswordError: Error, Sendable, Hashable, CustomStringConvertible {
    case crypto(String)

    public var description: String {
        switch self {
        case .crypto(let reason): "OpenSSL: \(reason)"
        }
    }
}

/// Byte comparisons whose time does not depend on where the bytes differ.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes; the time depends only on their lengths.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
