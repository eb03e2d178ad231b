import VietQR

/// The readable summary `cashless qr decode` prints: the verdict, the fields present, the problems.
struct Summary {
    let text: String

    init(_ decoded: DecodedPayload, banks: BankDirectory) {
        var lines: [String] = []
        let scheme =
            switch decoded.scheme {
            case .vietqr: "VietQR"
            case .vnpayqr: "VNPAY-QR"
            case .emv: "EMV QR"
            }
        lines.append("\(scheme): \(decoded.isValid ? "valid" : "INVALID")")
        func row(_ label: String, _ value: String?) {
            if let value { lines.append("  " + (label + ":").padding(13) + value) }
        }
        if let bin = decoded.bankBIN {
            let bank = banks[bin: String(bin)]
            row("Bank", bank.map { "\($0.shortName) (\(bin)) — \($0.name)" } ?? "\(bin) (not in the bank directory)")
        }
        row(decoded.service == .card ? "Card" : "Account", decoded.account.map(String.init))
        row("Initiation", decoded.initiation.map { $0 == .static ? "static (11), for many payments" : "dynamic (12), for one payment" })
        if let amount = decoded.amount {
            row("Amount", Summary.grouped(amount) + " đ")
        } else if let amount = decoded.tags[tag: 54]?.value {
            row("Amount", "\(amount) (currency \(decoded.currency ?? "?"))")
        }
        row("Purpose", decoded.purpose.map(String.init))
        row("Bill number", decoded.billNumber.map(String.init))
        row("Reference", decoded.reference.map(String.init))
        row("Store", decoded.store.map(String.init))
        row("Terminal", decoded.terminal.map(String.init))
        row("Merchant", decoded.merchantName.map(String.init))
        row("City", decoded.merchantCity.map(String.init))
        if let alternate = decoded.alternateLanguage {
            row("Name (\(alternate.language))", alternate.name + (alternate.city.map { ", " + $0 } ?? ""))
        }
        if decoded.scheme != .vietqr {
            row("Currency", decoded.currency.map(String.init))
            row("Country", decoded.country.map(String.init))
        }
        row("CRC", decoded.crc.map(String.init))
        for problem in decoded.problems {
            lines.append("  \(problem.severity.rawValue) \(problem.code.rawValue)" + (problem.tag.map { " [\($0)]" } ?? "") + ": " + problem.message)
        }
        text = lines.joined(separator: "\n") + "\n"
    }

    /// 1800000 → "1.800.000", the Vietnamese way of grouping thousands.
    static func grouped(_ amount: UInt64) -> String {
        let digits = Array(String(amount))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(".") }
            out.append(digit)
        }
        return out
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(1, width - count)) }
}
