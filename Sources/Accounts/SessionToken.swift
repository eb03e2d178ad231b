import Crypto
import Rules

/// A sign-in session's secret: 32 random bytes, URL-safe Base64 in the cookie; only its SHA-256
/// is stored, so a copy of the database opens no session.
public struct SessionToken: Sendable, Hashable {
    /// What the cookie holds.
    public let text: String

    /// A new random token.
    public init() {
        var generator = SystemRandomNumberGenerator()
        text = Base64.urlSafe((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// A token a request presented.
    public init(_ text: String) { self.text = text }

    /// What the ledger keeps: the hex SHA-256 of the token's text.
    public var storedHash: String {
        Hex.encode(SHA256.hash(data: Array(text.utf8)))
    }

    /// A form's anti-forgery token: 16 random bytes, URL-safe Base64.
    public static func csrf() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64.urlSafe((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
