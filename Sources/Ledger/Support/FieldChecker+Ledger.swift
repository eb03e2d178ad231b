import Rules
import VietQR

extension FieldChecker {
    /// Throws every problem found, if any, as ``LedgerError/invalid(_:)``.
    func finish() throws(LedgerError) {
        if !problems.isEmpty { throw .invalid(problems) }
    }

    /// A receipt form code of TT 32/2025: `EBL01` or `EBL02`.
    mutating func formCode(_ value: String, _ field: String = "receiptFormCode") {
        if !Ledger.receiptFormCodes.contains(value) {
            problem(field, "is EBL01 (no face value) or EBL02 (with a face value) under TT 32/2025, not '\(value)'")
        }
    }
}

/// Text as searches compare it: ASCII-folded ("Hoà" → "hoa", "Đ" → "d"), lowercase, single spaces.
func searchKey(_ text: String) -> String {
    ASCIIFolding.fold(text).lowercased()
        .split(whereSeparator: { $0.isWhitespace })
        .joined(separator: " ")
}
