import Crypto
import Foundation
import Rules

/// Why a bank's notification is not taken: 401 at the door, and nothing changes.
public struct BankSignatureError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
}

/// The signature a bank's notification carries: HMAC-SHA256 with the unit's secret over
/// `<timestamp>.<body>`, written `sha256=<hex>`, the timestamp in Unix seconds within five minutes.
public enum BankSignature {
    /// How far a notification's timestamp may be from now.
    public static let window: TimeInterval = 300

    /// Checks `signature` over `<timestamp>.<body>` in constant time, and that `timestamp` is within
    /// ``window`` of `now`. `timestampHeader` and `signatureHeader` name the headers in the messages.
    public static func verify(
        body: Data,
        timestamp: String?,
        signature: String?,
        secret: String,
        now: Date,
        timestampHeader: String,
        signatureHeader: String
    ) throws(BankSignatureError) {
        guard let timestamp, let seconds = TimeInterval(timestamp) else {
            throw BankSignatureError(description: "the notification has no \(timestampHeader) header (Unix seconds)")
        }
        guard abs(now.timeIntervalSince1970 - seconds) <= window else {
            throw BankSignatureError(description: "the notification's timestamp is more than 5 minutes from now: a replay, or a clock to fix")
        }
        guard let signature, signature.hasPrefix("sha256="), case let hex = signature.dropFirst(7), hex.count == 64,
            let mac = Hex.decode(hex)
        else {
            throw BankSignatureError(description: "the notification has no \(signatureHeader): sha256=<hex> header")
        }
        let key = SymmetricKey(data: Data(secret.utf8))
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data((timestamp + ".").utf8) + body, using: key) else {
            throw BankSignatureError(description: "the notification's signature does not match: it was changed, or signed with another secret")
        }
    }

    /// The header of the signing time (Unix seconds), in a bank's notification and in a unit's callback.
    public static let timestampHeader = "X-Cashless-Timestamp"
    /// The header of the signature, `sha256=<hex>`.
    public static let signatureHeader = "X-Cashless-Signature"

    /// The signature ``verify(body:timestamp:signature:secret:now:timestampHeader:signatureHeader:)``
    /// accepts: `sha256=` and the hex of HMAC-SHA256 with `secret` over `<timestamp>.<body>`. What
    /// the service signs its callbacks with, so that a gateway checks them as a bank signs.
    public static func sign(body: Data, timestamp: String, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data((timestamp + ".").utf8) + body, using: key)
        return "sha256=" + Hex.encode(Array(mac))
    }

    /// A new secret for a unit's notifications: 32 random bytes as hex.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
