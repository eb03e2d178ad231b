import Foundation
import VietQR

/// Cleans the text fields of a request (surrounding spaces trimmed, Unicode precomposed, empty
/// optional text made nil) and collects every problem found in them.
struct FieldChecker {
    /// The line of the imported file the fields come from.
    let line: Int?
    private(set) var problems: [FieldProblem] = []

    init(line: Int? = nil) {
        self.line = line
    }

    /// `value` cleaned; a problem when it is empty or longer than `limit` characters.
    mutating func required(_ value: String, _ field: String, limit: Int = 200) -> String {
        let text = Self.clean(value)
        if text.isEmpty {
            problem(field, "is empty")
        } else if text.count > limit {
            problem(field, "has more than \(limit) characters")
        }
        return text
    }

    /// `value` cleaned, nil when empty; a problem when longer than `limit` characters.
    mutating func optional(_ value: String?, _ field: String, limit: Int = 200) -> String? {
        guard let value else { return nil }
        let text = Self.clean(value)
        if text.count > limit { problem(field, "has more than \(limit) characters") }
        return text.isEmpty ? nil : text
    }

    /// A bank's NAPAS BIN: 6 digits.
    mutating func bankBIN(_ value: String?, _ field: String) -> String? {
        let bin = optional(value, field)
        if let bin, !(bin.count == 6 && bin.allSatisfy { $0.isASCII && $0.isNumber }) {
            problem(field, "'\(bin)' is not a bank BIN (6 digits, e.g. 970436)")
        }
        return bin
    }

    /// A bank account is a BIN and an account number together, or neither.
    mutating func bankAccount(bin: String?, binField: String, account: String?, accountField: String) {
        if bin != nil, account == nil { problem(accountField, "is missing: a bank needs an account number") }
        if account != nil, bin == nil { problem(binField, "is missing: an account number needs its bank") }
    }

    /// A receipt form code of TT 32/2025: `EBL01` or `EBL02`.
    mutating func formCode(_ value: String, _ field: String = "receiptFormCode") {
        if !Ledger.receiptFormCodes.contains(value) {
            problem(field, "is EBL01 (no face value) or EBL02 (with a face value) under TT 32/2025, not '\(value)'")
        }
    }

    /// Records a problem with `field`.
    mutating func problem(_ field: String, _ reason: String) {
        problems.append(FieldProblem(field: field, line: line, reason: reason))
    }

    /// Throws every problem found, if any.
    func finish() throws(LedgerError) {
        if !problems.isEmpty { throw .invalid(problems) }
    }

    private static func clean(_ value: String) -> String {
        ASCIIFolding.precomposed(value.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Text as searches compare it: ASCII-folded ("Hoà" → "hoa", "Đ" → "d"), lowercase, single spaces.
func searchKey(_ text: String) -> String {
    ASCIIFolding.fold(text).lowercased()
        .split(whereSeparator: { $0.isWhitespace })
        .joined(separator: " ")
}
