/// A verification as JSON: what `cashless receipt verify --json` prints and `POST /v1/verify`
/// answers, the verdict first, then the receipt as sealed and its issuer from the trust list.
public struct VerificationReport: Sendable, Hashable, Codable {
    public var verdict: SealVerifier.Verdict
    public var reason: String
    public var issuer: TrustList.Key?
    public var formCode: String?
    public var series: String?
    public var number: Int64?
    /// ISO 8601 in Vietnam time.
    public var issuedAt: String?
    public var amount: UInt64?
    /// Derived from the amount, as the seal does not carry it.
    public var amountInWords: String?
    public var feeLabel: String?
    public var payerName: String?
    public var payerReference: String?
    /// "replaces 26T 0000012" or "adjusts 26T 0000012", from the seal.
    public var supersedes: String?
    /// The receipt that replaced or adjusted this one, from the status list: "EBL01 26T 0000124".
    public var supersededBy: String?

    public init(_ result: SealVerifier.Verification) {
        let claims = result.claims
        verdict = result.verdict
        reason = result.reason
        issuer = result.issuer
        formCode = claims?.documentType.formCode
        series = claims?.series
        number = claims?.number
        issuedAt = claims?.issuedAt.vietnamISO8601
        amount = claims?.amount
        amountInWords = claims.map { AmountInWords().dong($0.amount) }
        feeLabel = claims?.feeLabel
        payerName = claims?.payerName
        payerReference = claims?.payerReference
        supersedes = claims?.supersedes.map { "\($0.kind == .replaces ? "replaces" : "adjusts") \($0.series) \(ReceiptNumbering.padded($0.number))" }
        supersededBy = result.superseded?.by
    }
}

/// How receipt numbers are written: seven digits, as TT 32/2025 numbers them.
public enum ReceiptNumbering {
    /// `12` → `"0000012"`.
    public static func padded(_ number: Int64) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }
}
