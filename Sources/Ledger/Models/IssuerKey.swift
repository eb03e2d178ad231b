import Foundation

/// A public key a unit seals receipts with, as the trust list publishes it.
public struct IssuerKey: Sendable, Hashable, Codable, Identifiable {
    /// Where a key stands.
    public enum Status: String, Sendable, Hashable, Codable {
        /// The unit's current key.
        case active
        /// A key replaced by a newer one: its receipts stay valid.
        case verifyOnly = "verify_only"
        /// Withdrawn.
        case revoked
    }

    public let id: Int64
    public let unitId: Int64
    /// 16 hex digits: the first 8 bytes of SHA-256 over the key's SubjectPublicKeyInfo.
    public let kid: String
    /// "EdDSA" or "ES256".
    public let alg: String
    public let publicKeyPem: String
    public var status: Status
    public let validFrom: Date
    public var validTo: Date?
}
