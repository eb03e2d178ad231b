import Foundation
import VietQR

/// An amount of money in whole đồng as spreadsheets and bank exports write it.
enum WholeDong {
    /// Why a written amount is refused; `message` is for the row's problem.
    struct Refusal: Error {
        var message: String
    }

    /// Reads `1.250.000`, `1,250,000`, `1250000` or `1 250 000`, with or without a trailing `đ`,
    /// `₫`, `VND`, `VNĐ` or `đồng`. With `zeroFraction`, a fraction of zeros (`1,250,000.00`,
    /// `500000,00`), as bank exports write them, is allowed too. Refuses other decimals,
    /// negatives, zero and more than 13 digits.
    static func parse(_ written: String, zeroFraction: Bool = false) throws(Refusal) -> UInt64 {
        var text = Substring(ASCIIFolding.fold(written).lowercased().replacingOccurrences(of: "\u{20AB}", with: "d"))
        for unit in ["dong", "vnd", "d"] where text.hasSuffix(unit) {
            text = text.dropLast(unit.count)
            break
        }
        text = text.drop { $0 == " " }
        while text.last == " " { text = text.dropLast() }
        if text.first == "-" || text.first == "(" {
            throw Refusal(message: "'\(written)' is negative; write the amount in whole đồng, such as 1.250.000")
        }
        guard !text.isEmpty, text.allSatisfy({ ($0.isASCII && $0.isWholeNumber) || $0 == "." || $0 == "," || $0 == " " }),
              text.first!.isWholeNumber, text.last!.isWholeNumber else {
            throw Refusal(message: "'\(written)' is not an amount; write whole đồng in digits, such as 1.250.000")
        }
        var groups = text.split(omittingEmptySubsequences: false) { $0 == "." || $0 == "," || $0 == " " }
        var separators = text.filter { !$0.isWholeNumber }
        if zeroFraction, let last = separators.last, last != " ", separators.filter({ $0 == last }).count == 1,
           let fraction = groups.last, fraction.count == 2, fraction.allSatisfy({ $0 == "0" }) {
            groups.removeLast()
            separators.removeLast()
        }
        let digits = groups.joined()
        if groups.count > 1 {
            let grouped = groups.first!.count <= 3 && groups.dropFirst().allSatisfy { $0.count == 3 }
                && Set(separators).count == 1
            guard grouped else {
                let fraction = separators.last != " " && (1...2).contains(groups.last!.count)
                throw Refusal(message: fraction
                    ? "'\(written)' has decimals; amounts are whole đồng, such as 1.250.000"
                    : "'\(written)' is not grouped in thousands; write 1.250.000, 1,250,000 or 1250000")
            }
        }
        guard digits.count <= 13 else {
            throw Refusal(message: "'\(written)' has more than 13 digits")
        }
        guard let amount = UInt64(digits), amount > 0 else {
            throw Refusal(message: "the amount is zero")
        }
        return amount
    }
}
