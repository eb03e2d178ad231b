import Foundation
import Synchronization

/// Checks a seal offline against a trust list (and, when given, the issuer's status list), in the
/// order the EU DCC rules set: read the seal, find its key, check the signature before reading
/// any claim, then the key's standing at the seal's issue time (revoked from when, valid from
/// when to when) and the receipt's status.
///
/// A key revoked at a time refuses every seal dated then or later, whatever the reason; a seal
/// dated before stands. That is all an offline verifier can tell: whoever holds a compromised key
/// can write any date, so a compromise is revoked from the earliest time the key may have leaked,
/// and the server's own verifier also asks its ledger whether such a seal is one it issued.
public struct SealVerifier: Sendable {
    /// What a verification concludes.
    public enum Verdict: String, Sendable, Hashable, Codable {
        /// Signed by a trusted key, and not superseded.
        case valid
        /// The signature does not match: the seal was changed, or is not the key's.
        case badSignature = "bad_signature"
        /// No key of the trust list has the seal's kid.
        case unknownKey = "unknown_key"
        /// The key was revoked before the seal's issue time (or the list gives no time).
        case revokedKey = "revoked_key"
        /// The seal's issue time is before its key was valid, or after it stopped sealing.
        case outsideValidity = "outside_validity"
        /// The status list says the receipt was replaced or adjusted.
        case replaced
        /// Not a seal: wrong prefix, bad Base45, CBOR or COSE, or claims out of shape.
        case malformed
    }

    /// What was found about one seal.
    public struct Verification: Sendable, Hashable {
        public var verdict: Verdict
        /// Why, in a sentence.
        public var reason: String
        /// The receipt's claims, once the signature checked out.
        public var claims: SealClaims?
        /// The issuing key's entry in the trust list.
        public var issuer: TrustList.Key?
        /// The status list's entry, for a superseded receipt.
        public var superseded: StatusList.Entry?
    }

    public let trustList: TrustList
    /// Status lists of issuing units; only the list of the seal's unit is consulted.
    public let statusLists: [StatusList]
    /// The trust list's keys by kid, their times read once.
    private let keys: [String: [(entry: TrustList.Key, times: KeyTimes)]]
    /// The keys read from their PEM, each the first time a seal names its kid, kept for the
    /// process: reading a PEM costs more than a verification, and a server makes a verifier over
    /// a list of thousands of keys for every seal it is asked about.
    private var read: PublicKeys { .shared }

    /// Public keys read from their PEM text, each once (nil: the text is not a key); forgotten
    /// all at once past 50,000.
    final class PublicKeys: Sendable {
        static let shared = PublicKeys()
        private let keys = Mutex<[String: PublicKey?]>([:])

        func key(_ pem: String) -> PublicKey? {
            if let known = keys.withLock({ $0[pem] }) { return known }
            let key = try? PublicKey(pem: pem)
            keys.withLock { keys in
                if keys.count >= 50_000 { keys.removeAll() }
                keys[pem] = key
            }
            return key
        }
    }

    /// A key's times as the list writes them, read: nil where the text does not read as ISO 8601.
    struct KeyTimes: Sendable {
        var validFrom: Date?
        var validTo: Date?
        var revokedAt: Date?

        init(_ entry: TrustList.Key) {
            validFrom = ISO8601Time.date(entry.validFrom)
            validTo = entry.validTo.flatMap(ISO8601Time.date)
            revokedAt = entry.revokedAt.flatMap(ISO8601Time.date)
        }
    }

    public init(trustList: TrustList, statusLists: [StatusList] = []) {
        self.trustList = trustList
        self.statusLists = statusLists
        self.keys = Dictionary(
            grouping: trustList.keys.map { entry in (entry: entry, times: KeyTimes(entry)) },
            by: { $0.entry.kid.lowercased() }
        )
    }

    /// The verdict on a seal's text.
    public func verify(_ text: String) -> Verification {
        verify(opened: Result { () throws(ReceiptError) in try Seal.open(text) })
    }

    /// The verdict on a seal already read with ``Seal/open(_:)`` (its failure is the verdict
    /// `malformed`), for a caller that read it once to pick the status lists.
    public func verify(opened: Result<COSESign1, ReceiptError>) -> Verification {
        let message: COSESign1
        switch opened {
        case .success(let opened): message = opened
        case .failure(let error): return Verification(verdict: .malformed, reason: error.description)
        }
        guard let candidates = keys[Hex.encode(message.kid)] else {
            return Verification(verdict: .unknownKey, reason: "no key of the trust list has kid \(Hex.encode(message.kid))")
        }
        guard let signer = candidates.first(where: { read.key($0.entry.publicKeyPem).map(message.isSigned(by:)) ?? false }) else {
            return Verification(verdict: .badSignature, reason: "the signature does not match the key \(Hex.encode(message.kid))")
        }
        let issuer = signer.entry
        let claims: SealClaims
        do {
            claims = try SealClaims(cbor: message.payload)
        } catch {
            return Verification(verdict: .malformed, reason: error.description, issuer: issuer)
        }
        if let refusal = Self.standing(of: issuer, times: signer.times, at: claims.issuedAt) {
            return Verification(verdict: refusal.verdict, reason: refusal.reason, claims: claims, issuer: issuer)
        }
        let formCode = claims.documentType.formCode ?? "confirmation"
        for list in statusLists where list.unitId == issuer.unitId {
            if let entry = list.entry(formCode: formCode, series: claims.series, number: claims.number) {
                let verb = entry.status == .replaced ? "replaced" : "adjusted"
                return Verification(
                    verdict: .replaced,
                    reason: "the receipt was \(verb) by \(entry.by)",
                    claims: claims,
                    issuer: issuer,
                    superseded: entry
                )
            }
        }
        var reason = "signed by \(issuer.unitName) (key \(issuer.kid))"
        if let revokedAt = issuer.revokedAt {
            reason += "; the key was revoked (\(issuer.revocationReason?.rawValue ?? "no reason given")) from \(revokedAt), after this seal's date"
        }
        return Verification(verdict: .valid, reason: reason, claims: claims, issuer: issuer)
    }

    /// Why `issuer` does not vouch for a seal dated `issuedAt`: revoked by then, or not valid
    /// then; nil when it does.
    static func standing(of issuer: TrustList.Key, times: KeyTimes, at issuedAt: Date) -> (verdict: Verdict, reason: String)? {
        var dated: String { issuedAt.vietnamISO8601 }
        if issuer.status == .revoked || issuer.revokedAt != nil {
            guard let text = issuer.revokedAt, let revokedAt = times.revokedAt else {
                return (.revokedKey, "the key \(issuer.kid) of \(issuer.unitName) was revoked")
            }
            if issuedAt >= revokedAt {
                let why = issuer.revocationReason.map { " as \($0.rawValue)" } ?? ""
                return (.revokedKey, "the key \(issuer.kid) of \(issuer.unitName) was revoked\(why) from \(text); the seal is dated \(dated)")
            }
        }
        guard let validFrom = times.validFrom else {
            return (.outsideValidity, "the trust list gives the key \(issuer.kid) no readable validFrom ('\(issuer.validFrom)')")
        }
        if issuedAt < validFrom {
            return (.outsideValidity, "the seal is dated \(dated), before its key \(issuer.kid) was valid (from \(issuer.validFrom))")
        }
        if let text = issuer.validTo {
            guard let validTo = times.validTo else {
                return (.outsideValidity, "the trust list gives the key \(issuer.kid) no readable validTo ('\(text)')")
            }
            if issuedAt > validTo {
                return (.outsideValidity, "the seal is dated \(dated), after its key \(issuer.kid) stopped sealing (\(text))")
            }
        }
        return nil
    }
}
