import Foundation

/// The issuers' keys, signed with the deployment's root key: what an offline verifier needs to
/// tell who issued a receipt. Keys are never removed: a replaced key stays `verify_only` for good,
/// because receipts do not expire, and a revoked key stays listed with the time trust in it stopped.
///
/// A list written before revocations existed reads (and its signature checks) as it always did:
/// the fields added since (`revokedAt`, `revocationReason`) are left out when empty.
public struct TrustList: SignedDocument, Hashable {
    /// One issuing key.
    public struct Key: Sendable, Hashable, Codable {
        /// Where a key stands.
        public enum Status: String, Sendable, Hashable, Codable {
            /// The unit's current key: it seals new receipts.
            case active
            /// A former key: its receipts stay valid, it seals nothing new.
            case verifyOnly = "verify_only"
            /// Withdrawn: seals dated at or after ``Key/revokedAt`` are refused (all of them when
            /// a list gives no time).
            case revoked
        }

        /// Why a key was revoked.
        public enum RevocationReason: String, Sendable, Hashable, Codable {
            /// Its private key may be in other hands since ``Key/revokedAt``.
            case compromised
            /// Withdrawn in good order: its seals dated before ``Key/revokedAt`` stand.
            case superseded
        }

        /// 16 hex digits: the first 8 bytes of SHA-256 over the key's SubjectPublicKeyInfo.
        public var kid: String
        public var alg: SignatureAlgorithm
        public var publicKeyPem: String
        public var unitId: Int64
        public var unitName: String
        public var taxCode: String?
        public var address: String?
        public var status: Status
        /// ISO 8601.
        public var validFrom: String
        /// ISO 8601; when it stopped sealing (nil while active).
        public var validTo: String?
        /// ISO 8601; when trust in it stopped (nil unless revoked): seals dated then or later are refused.
        public var revokedAt: String?
        public var revocationReason: RevocationReason?

        public init(
            kid: String,
            alg: SignatureAlgorithm,
            publicKeyPem: String,
            unitId: Int64,
            unitName: String,
            taxCode: String?,
            address: String?,
            status: Status,
            validFrom: String,
            validTo: String?,
            revokedAt: String? = nil,
            revocationReason: RevocationReason? = nil
        ) {
            self.kid = kid
            self.alg = alg
            self.publicKeyPem = publicKeyPem
            self.unitId = unitId
            self.unitName = unitName
            self.taxCode = taxCode
            self.address = address
            self.status = status
            self.validFrom = validFrom
            self.validTo = validTo
            self.revokedAt = revokedAt
            self.revocationReason = revocationReason
        }
    }

    /// ISO 8601: when the list was made; an offline verifier refuses a list too old (``age(at:)``).
    public var issuedAt: String
    public var keys: [Key]
    public var signer: Signer
    public var signature: String?

    /// An unsigned list of `keys` by `root`; ``sign(with:)`` it with the root key.
    public init(issuedAt: String, keys: [Key], root: PublicKey) {
        self.issuedAt = issuedAt
        self.keys = keys
        self.signer = Signer(root)
        self.signature = nil
    }
}

extension TrustList {
    /// How long before `now` the list was made; nil when its `issuedAt` does not read as ISO 8601.
    public func age(at now: Date) -> TimeInterval? {
        ISO8601Time.date(issuedAt).map { now.timeIntervalSince($0) }
    }
}
