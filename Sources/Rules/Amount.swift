import VietQR

/// Amounts of money: whole đồng, more than zero, at most 13 digits (what a VietQR amount, tag 54,
/// carries). One rule for every door: a JSON integer goes through ``check(_:)``, written text
/// through ``parse(_:bankExport:)``, and sums through ``total(_:)``.
public enum Amount {
    /// 9.999.999.999.999 đồng: 13 digits, the most tag 54 of a VietQR carries.
    public static let maximum: UInt64 = Payload.maximumAmount

    /// `value` if it is an amount: more than zero and at most ``maximum``.
    @discardableResult
    public static func check(_ value: UInt64) throws(Refusal) -> UInt64 {
        if value == 0 { throw Refusal(.amountZero, "the amount is zero") }
        if value > maximum {
            throw Refusal(.amountTooLarge, "\(value) đồng is more than 9.999.999.999.999, the most a payment code carries")
        }
        return value
    }

    /// The sum of `amounts`, refused when it overflows or is not itself an amount.
    public static func total(_ amounts: some Sequence<UInt64>) throws(Refusal) -> UInt64 {
        var sum: UInt64 = 0
        for amount in amounts {
            let (next, overflow) = sum.addingReportingOverflow(amount)
            if overflow || next > maximum {
                throw Refusal(.itemsSum, "the items add up to more than 9.999.999.999.999 đồng")
            }
            sum = next
        }
        return sum
    }

    /// The amount `written` at `field` (nil is empty), or its problem there.
    public static func parse(_ written: String?, field: String, bankExport: Bool = false) throws(FieldProblem) -> UInt64 {
        do {
            return try parse(written ?? "", bankExport: bankExport)
        } catch {
            throw FieldProblem(field: field, error)
        }
    }

    /// Reads an amount as people and spreadsheets write it: `1.250.000`, `1,250,000`, `1250000`
    /// or `1 250 000`, with or without a trailing `đ`, `₫`, `VND`, `VNĐ` or `đồng`. With
    /// `bankExport`, a fraction of zeros (`1,250,000.00`, `500000,00`), as bank statements write
    /// them, is read too. Refuses other decimals, signs, exponents, digits other than ASCII,
    /// zero and more than 13 digits.
    public static func parse(_ written: String, bankExport: Bool = false) throws(Refusal) -> UInt64 {
        var text = Substring(ASCIIFolding.fold(written).lowercased().replacingOccurrences(of: "\u{20AB}", with: "d"))
        for unit in ["dong", "vnd", "d"] where text.hasSuffix(unit) {
            text = text.dropLast(unit.count)
            break
        }
        text = text.drop { $0 == " " }
        while text.last == " " { text = text.dropLast() }
        if text.isEmpty { throw Refusal(.required, "the amount is empty") }
        if text.first == "-" || text.first == "(" || text.first == "\u{2212}" {
            throw Refusal(.amountNegative, "'\(written)' is negative; write the amount in whole đồng, such as 1.250.000")
        }
        guard text.allSatisfy({ $0.isASCII && ($0.isWholeNumber || $0 == "." || $0 == "," || $0 == " ") }),
            text.first!.isWholeNumber, text.last!.isWholeNumber
        else {
            throw Refusal(.notAnAmount, "'\(written)' is not an amount; write whole đồng in digits, such as 1.250.000")
        }
        var groups = text.split(omittingEmptySubsequences: false) { $0 == "." || $0 == "," || $0 == " " }
        var separators = text.filter { !$0.isWholeNumber }
        if bankExport, let last = separators.last, last != " ", separators.filter({ $0 == last }).count == 1,
            let fraction = groups.last, fraction.count == 2, fraction.allSatisfy({ $0 == "0" })
        {
            groups.removeLast()
            separators.removeLast()
        }
        if groups.count > 1 {
            let grouped =
                groups.first!.count <= 3 && groups.dropFirst().allSatisfy { $0.count == 3 }
                && Set(separators).count == 1
            guard grouped else {
                if separators.last != " ", (1...2).contains(groups.last!.count) {
                    throw Refusal(.amountDecimals, "'\(written)' has decimals; amounts are whole đồng, such as 1.250.000")
                }
                throw Refusal(.amountNotGrouped, "'\(written)' is not grouped in thousands; write 1.250.000, 1,250,000 or 1250000")
            }
        }
        let digits = groups.joined().drop { $0 == "0" }
        guard digits.count <= 13, let amount = UInt64(digits.isEmpty ? "0" : digits) else {
            throw Refusal(.amountTooLarge, "'\(written)' is more than 9.999.999.999.999 đồng, the most a payment code carries")
        }
        return try check(amount)
    }
}
