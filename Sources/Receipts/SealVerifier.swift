/// Checks a seal offline against a trust list (and, when given, the issuer's status list), in the
/// order the EU DCC rules set: read the seal, find its key, check the signature before reading
/// any claim, then the key's standing and the receipt's status.
public struct SealVerifier: Sendable {
    /// What a verification concludes.
    public enum Verdict: String, Sendable, Hashable, Codable {
        /// Signed by a trusted key, and not superseded.
        case valid
        /// The signature does not match: the seal was changed, or is not the key's.
        case badSignature = "bad_signature"
        /// No key of the trust list has the seal's kid.
        case unknownKey = "unknown_key"
        /// The key was withdrawn.
        case revokedKey = "revoked_key"
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
    /// The trust list's keys by kid, read once (reading a PEM costs far more than a verification).
    private let keys: [String: [(entry: TrustList.Key, key: PublicKey?)]]

    public init(trustList: TrustList, statusLists: [StatusList] = []) {
        self.trustList = trustList
        self.statusLists = statusLists
        self.keys = Dictionary(
            grouping: trustList.keys.map { entry in (entry: entry, key: try? PublicKey(pem: entry.publicKeyPem)) },
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
        guard let issuer = candidates.first(where: { $0.key.map(message.isSigned(by:)) ?? false })?.entry else {
            return Verification(verdict: .badSignature, reason: "the signature does not match the key \(Hex.encode(message.kid))")
        }
        let claims: SealClaims
        do {
            claims = try SealClaims(cbor: message.payload)
        } catch {
            return Verification(verdict: .malformed, reason: error.description, issuer: issuer)
        }
        if issuer.status == .revoked {
            return Verification(
                verdict: .revokedKey,
                reason: "the key \(issuer.kid) of \(issuer.unitName) was revoked",
                claims: claims,
                issuer: issuer
            )
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
        return Verification(
            verdict: .valid,
            reason: "signed by \(issuer.unitName) (key \(issuer.kid))",
            claims: claims,
            issuer: issuer
        )
    }
}
