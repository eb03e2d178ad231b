/// A receipt's seal: COSE_Sign1 over its claims, as Base45 text behind `BL1:` — the EU digital
/// COVID certificate's design. The text is all QR alphanumeric characters, so with at most
/// ``claimLimit`` bytes of claims it fits a version-10 QR code at level M.
public enum Seal {
    /// What every seal starts with.
    public static let prefix = "BL1:"
    /// The most bytes of claims a seal takes.
    public static let claimLimit = 100

    /// The seal of `claims`, signed with `key`; refuses claims over ``claimLimit`` bytes.
    public static func make(_ claims: SealClaims, key: SigningKey) throws(ReceiptError) -> String {
        let payload = claims.cbor.encoded()
        guard payload.count <= claimLimit else { throw .claimsTooLong(bytes: payload.count, limit: claimLimit) }
        return Base45.encode(try COSESign1.sign(payload, with: key).encoded(), after: prefix)
    }

    /// The COSE message inside a seal's text (surrounding spaces and newlines are ignored); the
    /// signature is not checked here, and the claims are read only once it is.
    public static func open(_ text: String) throws(ReceiptError) -> COSESign1 {
        // Trimmed by hand: Foundation's trimmingCharacters costs more than the rest of the reading.
        var trimmed = Substring(text)
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        // Compared as bytes, without `hasPrefix`'s grapheme walk (a combining mark after the colon is
        // then refused by Base45 instead of here).
        guard trimmed.utf8.starts(with: prefix.utf8) else { throw .malformed("a receipt seal starts with \(prefix)") }
        return try COSESign1.decode(Base45.decode(String(trimmed.dropFirst(prefix.count))))
    }
}
