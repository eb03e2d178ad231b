import Foundation

/// A public key a unit seals receipts with, as the trust list publishes it.
public struct IssuerKey: Sendable, Hashable, Codable, Identifiable {
    /// Where a key stands.
    public enum Status: String, Sendable, Hashable, Codable {
        /// The unit's current key.
        case active
        /// A key replaced by a newer one: its receipts stay valid.
        case verifyOnly = "verify_only"
        /// Withdrawn: nothing it sealed at or after ``IssuerKey/revokedAt`` is trusted.
        case revoked
    }

    /// Why a key was revoked.
    public enum RevocationReason: String, Sendable, Hashable, Codable, CaseIterable {
        /// Its private key may be in other hands (from ``IssuerKey/revokedAt``, which may be
        /// set back to cover the time it may have leaked).
        case compromised
        /// Withdrawn in good order: what it sealed before ``IssuerKey/revokedAt`` stands.
        case superseded
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
    /// When it stopped sealing: replaced by a newer key, or revoked.
    public var validTo: Date?
    /// When trust in it stops: seals dated then or later are refused. Nil unless revoked.
    public var revokedAt: Date?
    public var revocationReason: RevocationReason?
    /// Who recorded the revocation: `key:12`, `user:hoa.nt`, `cli`.
    public var revokedBy: String?
}
