import Foundation
import Ledger
import Receipts
import Synchronization

/// Why a receipt cannot be sealed.
public enum SealingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The unit has no active signing key (none made yet, or it was revoked).
    case noKey(unitId: Int64, unitName: String)
    /// The unit's key file cannot be read on this server (missing, or another passphrase).
    case keyUnreadable(kid: String, reason: String)
    /// The sealed fields take more bytes than a seal QR code holds.
    case tooLong(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case let .noKey(unitId, unitName):
            "\(unitName) has no active signing key (none was made, or it was revoked): run `cashless keys generate --unit \(unitId)`"
        case let .keyUnreadable(kid, reason):
            "the private key \(kid) cannot be read on this server: \(reason)"
        case let .tooLong(bytes, limit):
            "the sealed fields (fee type, payer name and reference) take \(bytes) bytes, more than the \(limit) a seal QR code holds: shorten the fee type or the payer's reference"
        }
    }
}

/// Seals new receipts with their unit's active key: the amount in words in the unit's style, the
/// claims of research/ereceipt.md §3.2, the `BL1:` text. Private keys are read from the
/// ``KeyStore`` once and kept in memory (reading a PEM costs more than signing).
public final class ReceiptSealer: Sendable {
    public let keys: KeyStore
    private let cache = Mutex<[String: SigningKey]>([:])

    public init(keys: KeyStore) {
        self.keys = keys
    }

    /// The seal of `draft`, for the ledger to store with it. Throws a ``SealingError`` a bursar
    /// can act on when the unit has no key, its key file is missing, or the sealed fields are too long.
    public func seal(_ draft: ReceiptDraft) throws -> ReceiptSealing {
        guard let issuer = draft.activeKey else { throw SealingError.noKey(unitId: draft.unit.id, unitName: draft.unit.name) }
        let key = try signingKey(kid: issuer.kid)
        let claims = Self.claims(of: draft)
        let seal: String
        do {
            seal = try Seal.make(claims, key: key)
        } catch .claimsTooLong(let bytes, let limit) {
            throw SealingError.tooLong(bytes: bytes, limit: limit)
        }
        return ReceiptSealing(kid: issuer.kid, seal: seal, amountInWords: Self.words(draft.receipt.amount, unit: draft.unit))
    }

    /// The amount in words as the unit writes it: capitalised, "nghìn" or "ngàn", with or without "chẵn".
    public static func words(_ amount: UInt64, unit: CommuneUnit) -> String {
        AmountInWords(thousand: unit.wordsNgan ? .ngan : .nghin, capitalised: true).dong(amount, chan: unit.wordsChan)
    }

    /// What the seal of `draft` says.
    static func claims(of draft: ReceiptDraft) -> SealClaims {
        let supersedes = draft.supersedes.map { earlier in
            SealClaims.Supersedes(
                kind: earlier.kind == .replace ? .replaces : .adjusts,
                series: earlier.receipt.series,
                number: earlier.receipt.number
            )
        }
        return SealClaims(
            documentType: SealClaims.DocumentType(formCode: draft.number.formCode) ?? .ebl01,
            series: draft.number.series,
            number: draft.number.number,
            issuedAt: draft.number.issuedAt,
            amount: draft.receipt.amount,
            feeLabel: draft.receipt.feeType,
            payerName: draft.receipt.payerName,
            payerReference: draft.receipt.payerReference,
            supersedes: supersedes
        )
    }

    /// The deployment's root key, which signs trust and status lists (``KeyStore/root()``: made
    /// on first use if ``establishRoot(ledger:)`` did not run first, once for every caller).
    public func root() throws -> SigningKey {
        try cached("root") { try keys.root() }
    }

    /// Makes or reads the root key and checks the ledger records it as the deployment's
    /// (``RootKey/establish(store:ledger:)``): what `serve` does before it listens.
    public func establishRoot(ledger: Ledger) async throws {
        let key = try await RootKey.establish(store: keys, ledger: ledger)
        cache.withLock { $0["root"] = key }
    }

    private func signingKey(kid: String) throws -> SigningKey {
        do {
            return try cached(kid) { try keys.key(kid: kid) }
        } catch {
            throw SealingError.keyUnreadable(kid: kid, reason: "\(error)")
        }
    }

    private func cached(_ name: String, load: () throws -> SigningKey) throws -> SigningKey {
        if let key = cache.withLock({ $0[name] }) { return key }
        let key = try load()
        cache.withLock { $0[name] = key }
        return key
    }
}
