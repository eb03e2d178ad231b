import Foundation
import Ledger
import Operations
import Receipts
import Synchronization

/// The signed trust list as last served, kept while the keys it lists are unchanged and for an
/// hour at most: signing and writing thousands of keys at every request would cost more than
/// all the rest of a verifier's visit. Whether the keys changed is one aggregate query
/// (``Ledger/signingKeysFingerprint()``), so a key added or revoked through any server is in the
/// next list served, as before; the hour keeps the list's `issuedAt` fresh for verifiers that
/// refuse a stale list.
final class TrustListCache: Sendable {
    private struct Kept {
        var fingerprint: String
        var hour: Int
        var json: [UInt8]
    }

    private let kept = Mutex<Kept?>(nil)

    /// The trust list's JSON, signed with `root`: the one kept, or a new one.
    func json(ledger: Ledger, root: SigningKey, now: Date = Date()) async throws -> [UInt8] {
        let fingerprint = try await ledger.signingKeysFingerprint()
        let hour = Int(now.timeIntervalSince1970 / 3600)
        if let kept = kept.withLock({ $0 }), kept.fingerprint == fingerprint, kept.hour == hour { return kept.json }
        let json = try await trustList(ledger: ledger, root: root, now: now).json()
        kept.withLock { $0 = Kept(fingerprint: fingerprint, hour: hour, json: json) }
        return json
    }
}
