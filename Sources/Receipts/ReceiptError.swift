/// What the receipts core refuses, and why, in words a person can act on.
public enum ReceiptError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A seal, trust list or status list that does not have the shape it must have.
    case malformed(String)
    /// The receipt's claims take more than ``Seal/claimLimit`` bytes; the seal would not fit a
    /// version-10 QR code at level M.
    case claimsTooLong(bytes: Int, limit: Int)
    /// A key that cannot be read: not PEM or PKCS#12, a wrong password, an algorithm other than
    /// Ed25519 or ECDSA P-256.
    case badKey(String)
    /// OpenSSL failed at something that should not fail (its own error text).
    case crypto(String)

    public var description: String {
        switch self {
        case .malformed(let reason): reason
        case .claimsTooLong(let bytes, let limit):
            "the receipt's sealed fields take \(bytes) bytes, more than the \(limit) a seal QR code holds: shorten the fee label or the payer's name"
        case .badKey(let reason): reason
        case .crypto(let reason): "OpenSSL: \(reason)"
        }
    }
}
