/// The payer's own page of a bill: `<publicURL>/p/<token>`, with the bill's link secret
/// (``Ledger/Bill/payToken``), printed on its slip, sent with its receipt, shown to the unit.
public enum PayerLink {
    /// The page's address under `publicURL` (`https://thu.example.vn`, no trailing slash).
    public static func url(_ token: String, publicURL: String) -> String {
        "\(publicURL)/p/\(token)"
    }
}
