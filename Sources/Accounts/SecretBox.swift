import Crypto
import Foundation
import Rules

/// A server-held key that seals short secrets kept in the database (a unit's webhook secret), so
/// that a copy of the database alone does not give them away: 32 random bytes, kept in a file
/// beside the signing keys, never in the database.
public struct SecretKey: Sendable, Hashable {
    let bytes: [UInt8]

    /// A new random key.
    public static func generate() -> SecretKey {
        var generator = SystemRandomNumberGenerator()
        return SecretKey(bytes: (0..<AESGCM.keySize).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The key a key file holds (64 hex digits, then an optional line break); nil when it holds anything else.
    public init?(file text: String) {
        guard let bytes = Hex.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == AESGCM.keySize else { return nil }
        self.bytes = bytes
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// What a key file holds: 64 hex digits and a line break.
    public var fileText: String { Hex.encode(bytes) + "\n" }

    /// Names the key without giving it away: the first 8 bytes of its SHA-256, as hex. Each sealed
    /// secret carries it, so that a server holding another key says so instead of failing blindly.
    public var id: String { Hex.encode(SHA256.hash(data: bytes).prefix(8)) }
}

/// A secret sealed with AES-256-GCM under a ``SecretKey``, as stored:
/// `aes-256-gcm$<key id>$<Base64 of nonce ‖ ciphertext ‖ tag>`. What it is for (say
/// `hook-secret:unit:7`) is authenticated with it, so a sealed secret copied to another row does
/// not open there.
public enum SealedSecret {
    static let scheme = "aes-256-gcm"

    /// `secret` sealed under `key` for `purpose`, with a fresh random nonce.
    public static func seal(_ secret: String, key: SecretKey, purpose: String) throws(SecretBoxError) -> String {
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<AESGCM.nonceSize).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let (ciphertext, tag) = try AESGCM.seal(Array(secret.utf8), key: key.bytes, nonce: nonce, associatedData: Array(purpose.utf8))
        return "\(scheme)$\(key.id)$\(Base64.encode(nonce + ciphertext + tag))"
    }

    /// The secret `stored` seals for `purpose` under `key`.
    public static func open(_ stored: String, key: SecretKey, purpose: String) throws(SecretBoxError) -> String {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == scheme, let bytes = Base64.decode(parts[2]),
            bytes.count >= AESGCM.nonceSize + AESGCM.tagSize
        else { throw .notSealed }
        guard parts[1] == key.id else { throw .otherKey(String(parts[1])) }
        let nonce = Array(bytes.prefix(AESGCM.nonceSize))
        let tag = Array(bytes.suffix(AESGCM.tagSize))
        let ciphertext = Array(bytes.dropFirst(AESGCM.nonceSize).dropLast(AESGCM.tagSize))
        guard let plain = AESGCM.open(ciphertext, tag: tag, key: key.bytes, nonce: nonce, associatedData: Array(purpose.utf8)),
            let secret = String(validating: plain, as: UTF8.self)
        else { throw .tampered }
        return secret
    }

    /// Whether `stored` is a sealed secret (rather than one stored in plain text before sealing).
    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(scheme + "$") }

    /// The id of the key `stored` was sealed under; nil when it is not sealed.
    public static func keyId(of stored: String) -> String? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == scheme ? String(parts[1]) : nil
    }
}

/// Why a secret could not be sealed or opened.
public enum SecretBoxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is stored is not a sealed secret.
    case notSealed
    /// It was sealed under the key with this id, not the one given.
    case otherKey(String)
    /// It does not open: changed, or sealed for another purpose (another row).
    case tampered
    /// OpenSSL failed.
    case crypto(String)

    public var description: String {
        switch self {
        case .notSealed: "the stored secret is not sealed (aes-256-gcm$…)"
        case .otherKey(let id): "the secret was sealed under key \(id), not this one"
        case .tampered: "the sealed secret does not open: it was changed, or moved from another row"
        case .crypto(let reason): "OpenSSL: \(reason)"
        }
    }
}
