/// The two signature algorithms a seal may use; both give 64-byte signatures.
public enum SignatureAlgorithm: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ed25519 (COSE `EdDSA`, -8): the default.
    case ed25519 = "EdDSA"
    /// ECDSA over P-256 with SHA-256 (COSE `ES256`, -7).
    case es256 = "ES256"

    /// The COSE algorithm identifier (RFC 9053).
    public var coseIdentifier: Int64 {
        switch self {
        case .ed25519: -8
        case .es256: -7
        }
    }

    /// The algorithm of a COSE identifier, when it is one of the two.
    public init?(coseIdentifier: Int64) {
        guard let algorithm = Self.allCases.first(where: { $0.coseIdentifier == coseIdentifier }) else { return nil }
        self = algorithm
    }

    /// How the command line names it: `ed25519`, `es256`.
    public var commandName: String {
        switch self {
        case .ed25519: "ed25519"
        case .es256: "es256"
        }
    }
}
