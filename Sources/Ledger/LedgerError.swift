import Rules

/// What the ledger refuses to do, and why. The server turns each case into an HTTP problem:
/// ``notFound(_:id:)`` into 404, ``conflict(_:)`` into 409, ``invalidReference(_:)`` and
/// ``invalid(_:)`` into 422, ``unavailable(_:)`` into 503, ``unexpected(_:)`` into 500.
public enum LedgerError: Error, Sendable, Hashable {
    /// There is no such record, or not of the kind asked for (a school asked for as a market).
    case notFound(Record, id: Int64)
    /// The change collides with what is stored: a stall code already used by an open stall of
    /// the market, or a change to a stall that has been closed.
    case conflict(FieldProblem)
    /// A field names a record that does not exist: a unit's commune, an API key's scope.
    case invalidReference(FieldProblem)
    /// Fields that are missing or malformed; every problem found, not only the first.
    case invalid([FieldProblem])
    /// The database cannot be reached, went away in the middle of the work, or ran past its
    /// statement timeout: nothing of the work was committed (or, when the commit itself was
    /// cut off, it may have been: a retry with the same idempotency key answers alike), and the
    /// same request may succeed when tried again shortly.
    case unavailable(String)
    /// The database answered something the ledger does not expect (a row it just wrote is
    /// missing); a fault of the system, not of the caller.
    case unexpected(String)

    /// The kinds of record the ledger stores, as ``LedgerError/notFound(_:id:)`` names them.
    public enum Record: String, Sendable, Hashable, Codable {
        /// A ``Commune``.
        case commune
        /// A ``Province``.
        case province
        /// A ``CommuneUnit`` of any kind.
        case unit
        /// A ``CommuneUnit`` of kind market.
        case market
        /// A ``Vendor`` (stall).
        case vendor
        /// An ``APIKey``.
        case apiKey = "api_key"
        /// A ``Receipt``.
        case receipt
        /// A ``Bill``.
        case bill
        /// A ``Payment``.
        case payment
        /// A ``User`` of the web pages.
        case user
    }
}
