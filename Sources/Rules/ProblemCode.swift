/// Why a value is refused, as a stable code that clients can act on. The same value sent through
/// any door (JSON, page form, CSV import, command line, bank notification) gets the same code for
/// the same field; only the words around it (English for the API, Vietnamese on the pages) differ.
public enum ProblemCode: String, Sendable, Hashable, Codable, CaseIterable {
    /// A required value is missing or empty.
    case required
    /// More characters, or more bytes, than the field holds.
    case tooLong = "too_long"
    /// A control character (NUL, a tab, a line break, DEL, C1) in one-line text.
    case controlCharacter = "control_character"
    /// A bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C),
    /// which can make a printed name read other than it is stored.
    case bidiControl = "bidi_control"
    /// More combining marks on one letter than any written language needs.
    case combiningMarks = "combining_marks"
    /// Text that is not an amount of money at all.
    case notAnAmount = "not_an_amount"
    /// An amount with decimals: amounts are whole đồng.
    case amountDecimals = "amount_decimals"
    /// A negative amount.
    case amountNegative = "amount_negative"
    /// An amount of zero.
    case amountZero = "amount_zero"
    /// More than 9.999.999.999.999 đồng, the most a VietQR amount (13 digits) can carry.
    case amountTooLarge = "amount_too_large"
    /// Separators that are not thousands groups (`1.25.000`).
    case amountNotGrouped = "amount_not_grouped"
    /// A receipt's items that do not add up to its amount, or whose sum overflows.
    case itemsSum = "items_sum"
    /// No bank in the directory has that BIN, short name or code.
    case unknownBank = "unknown_bank"
    /// The name is shared by several banks; only the BIN says which.
    case ambiguousBank = "ambiguous_bank"
    /// An account (or card) number that VietQR cannot carry, so no payment code can be drawn for it.
    case invalidAccount = "invalid_account"
    /// Not a real calendar day, or not written as dd/mm/yyyy or yyyy-mm-dd.
    case invalidDate = "invalid_date"
    /// The value is used already where it must be unique (a stall code in its market).
    case duplicate
    /// The value names a record that does not exist.
    case unknownReference = "unknown_reference"
    /// An idempotency key (or a page form's one-time token) that was used before for another
    /// request: another body, route or record. A new request takes a new key.
    case idempotencyKeyReused = "idempotency_key_reused"
    /// Not an email address someone can receive mail at (`ten@truong.edu.vn`).
    case invalidEmail = "invalid_email"
    /// Not a Vietnamese phone number (`0912 345 678`, `+84 912 345 678`).
    case invalidPhone = "invalid_phone"
    /// Any other malformed value; the reason says what is wrong.
    case invalidValue = "invalid_value"
}
