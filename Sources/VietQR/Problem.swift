/// One thing wrong with a payload or with the fields it is built from.
///
/// Problems are data, not thrown one at a time: the parser and the builder report every problem
/// they find. A payload with any ``Severity-swift.enum/error`` is invalid; warnings leave it valid.
public struct Problem: Sendable, Hashable, Codable {
    /// A stable, machine-readable name for the kind of problem. Clients may switch on it.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// The CRC in tag `63` does not match the payload.
        case crcMismatch = "crc_mismatch"
        /// The CRC is right but written in lowercase hexadecimal (some bank apps do this).
        case crcLowercase = "crc_lowercase"
        /// The payload ends inside a data object's id, length or value.
        case truncated
        /// A length is not two digits from `01` to `99`, or a value has a length its tag does not allow.
        case badLength = "bad_length"
        /// The same id appears twice at one level.
        case duplicateTag = "duplicate_tag"
        /// A data object the standard requires is absent.
        case missingTag = "missing_tag"
        /// `00` is not first or `63` is not last.
        case misplacedTag = "misplaced_tag"
        /// An id, or a value that must be digits, holds something else.
        case notNumeric = "not_numeric"
        /// The amount is not a whole, positive number of đồng of at most 13 characters.
        case amountFormat = "amount_format"
        /// A value is longer than its tag allows.
        case valueTooLong = "value_too_long"
        /// A field that must be printable ASCII holds other characters.
        case notASCII = "not_ascii"
        /// Text holds a control character (a line break, a tab, …), which no field allows.
        case controlCharacter = "control_character"
        /// The bank BIN is not in the bank directory.
        case unknownBank = "unknown_bank"
        /// The NAPAS service code is neither `QRIBFTTA` (account) nor `QRIBFTTC` (card). An error: bank
        /// apps refuse such a code (and one without `38/02`, reported as `missing_tag`).
        case unknownService = "unknown_service"
        /// A value is well-formed but not one the standard allows (`00` must be `01`, `53` must be `704`, …).
        case invalidValue = "invalid_value"
        /// A static (reusable) code carries a fixed amount; seen in the wild, though NAPAS ties `11` to many payments.
        case staticWithAmount = "static_with_amount"
        /// An unreserved template (`80`–`99`) whose value is not TLV; it is kept as plain text.
        case notTemplate = "not_template"
    }

    /// Whether the problem makes the payload invalid.
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    public var code: Code
    /// The tag path the problem is about, such as `"38/01/01"`, or `nil` for the payload as a whole.
    public var tag: String?
    public var severity: Severity
    /// A sentence for a person: what is wrong and, where it helps, what was found.
    public var message: String

    public init(_ code: Code, tag: String?, severity: Severity = .error, _ message: String) {
        self.code = code
        self.tag = tag
        self.severity = severity
        self.message = message
    }
}

extension Problem {
    private enum CodingKeys: String, CodingKey { case code, tag, severity, message }

    /// Encodes all four keys, `tag` as `null` when the problem is about the whole payload.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(tag, forKey: .tag)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
    }
}

extension Array where Element == Problem {
    /// Whether any problem is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
