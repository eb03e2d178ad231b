import VietQR

/// Applies the rules to the fields of one request or one row of a file, cleaning each value
/// (trimmed, precomposed, empty optional text made nil) and collecting every problem found, not
/// only the first.
public struct FieldChecker: Sendable {
    /// The line of the imported file the fields come from.
    public let line: Int?
    public private(set) var problems: [FieldProblem] = []

    public init(line: Int? = nil) {
        self.line = line
    }

    /// `value` cleaned; a problem when it is empty or breaks the ``Text`` rule.
    public mutating func required(_ value: String, _ field: String, limit: Int = 200, bytes: Int? = nil) -> String {
        let text = Text.clean(value)
        if text.isEmpty {
            problem(field, .required, "is empty")
        } else if let refusal = Text.check(text, limit: limit, bytes: bytes) {
            problem(field, refusal)
        }
        return text
    }

    /// `value` cleaned, nil when empty; a problem when it breaks the ``Text`` rule.
    public mutating func optional(_ value: String?, _ field: String, limit: Int = 200, bytes: Int? = nil) -> String? {
        guard let value else { return nil }
        let text = Text.clean(value)
        if let refusal = Text.check(text, limit: limit, bytes: bytes) { problem(field, refusal) }
        return text.isEmpty ? nil : text
    }

    /// `value` when it is an amount (``Amount/check(_:)``).
    public mutating func amount(_ value: UInt64, _ field: String = "amount") {
        do {
            try Amount.check(value)
        } catch {
            problem(field, error)
        }
    }

    /// A bank's NAPAS BIN: 6 digits.
    public mutating func bankBIN(_ value: String?, _ field: String) -> String? {
        let bin = optional(value, field, limit: 6)
        if let bin, !(bin.count == 6 && bin.allSatisfy { $0.isASCII && $0.isNumber }) {
            problem(field, .unknownBank, "'\(bin)' is not a bank BIN (6 digits, e.g. 970436)")
        }
        return bin
    }

    /// A bank account is a BIN and an account number together, or neither; and the number is one
    /// VietQR carries (``BankAccount/check(_:bin:card:)``).
    public mutating func bankAccount(bin: String?, binField: String, account: String?, accountField: String) {
        if bin != nil, account == nil { problem(accountField, .required, "is missing: a bank needs an account number") }
        if account != nil, bin == nil { problem(binField, .required, "is missing: an account number needs its bank") }
        if let bin, let account, !problems.contains(where: { $0.field == accountField }),
            let refusal = BankAccount.check(account, bin: bin)
        {
            problem(accountField, refusal)
        }
    }

    /// Records a problem with `field` that no more particular code describes.
    public mutating func problem(_ field: String, _ reason: String) {
        problem(field, .invalidValue, reason)
    }

    /// Records a problem with `field`.
    public mutating func problem(_ field: String, _ code: ProblemCode, _ reason: String) {
        problems.append(FieldProblem(field: field, line: line, code: code, reason: reason))
    }

    /// Records `refusal` as a problem with `field`.
    public mutating func problem(_ field: String, _ refusal: Refusal) {
        problems.append(FieldProblem(field: field, line: line, refusal))
    }
}
