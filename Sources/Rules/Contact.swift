/// How a payer is reached: an email address, a Vietnamese phone number. Both are checked the same
/// at every door (JSON, class list, page form) and stored in one written form.
public enum Contact {
    /// `text` as an email address, lowercased in its domain; a refusal when it is not one mail
    /// can be sent to: one `@`, a local part of at most 64 printable ASCII characters without
    /// spaces or the characters mail headers give meaning to, a domain of dot-separated labels
    /// (letters, digits, hyphens) with at least one dot, 254 characters in all.
    public static func email(_ text: String) -> Result<String, Refusal> {
        let refuse = Refusal(.invalidEmail, "'\(text)' is not an email address such as ten@truong.edu.vn")
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, text.utf8.count <= 254 else { return .failure(refuse) }
        let local = parts[0]
        let domain = parts[1].lowercased()
        let forbidden = Set("()<>[]:;,\\\"")
        guard (1...64).contains(local.utf8.count),
            local.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }),
            !local.contains(where: forbidden.contains), !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { return .failure(refuse) }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2,
            labels.allSatisfy({ label in
                (1...63).contains(label.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
            }),
            labels.last!.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic })
        else { return .failure(refuse) }
        return .success(local + "@" + domain)
    }

    /// `text` as a Vietnamese phone number in international form (`+84912345678`); a refusal
    /// otherwise. Accepts `0912 345 678`, `0912.345.678`, `+84 912 345 678`, `84912345678`:
    /// ten digits starting with 0 (a mobile or a landline with its area code), written with
    /// spaces, dots, hyphens or brackets.
    public static func phone(_ text: String) -> Result<String, Refusal> {
        let refuse = Refusal(.invalidPhone, "'\(text)' is not a Vietnamese phone number such as 0912 345 678")
        var digits = ""
        for (index, character) in text.enumerated() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if character == "+", index == 0 {
                continue
            } else if !" .-()".contains(character) {
                return .failure(refuse)
            }
        }
        if digits.hasPrefix("84"), digits.count == 11 || digits.count == 12 {
            digits = "0" + digits.dropFirst(2)
        } else if text.hasPrefix("+") {
            return .failure(refuse)
        }
        let mobile = digits.count == 10 && "35789".contains(digits.dropFirst().first ?? "0")
        let landline = digits.count == 11 && digits.hasPrefix("02")
        guard digits.hasPrefix("0"), mobile || landline else { return .failure(refuse) }
        return .success("+84" + digits.dropFirst())
    }

    /// A stored phone number as people write it: `0912 345 678` (a mobile), `0237 3852 222` (a landline).
    public static func written(phone: String) -> String {
        guard phone.hasPrefix("+84") else { return phone }
        let national = Array("0" + phone.dropFirst(3))
        switch national.count {
        case 10: return String(national[0..<4]) + " " + String(national[4..<7]) + " " + String(national[7...])
        case 11: return String(national[0..<4]) + " " + String(national[4..<8]) + " " + String(national[8...])
        default: return phone
        }
    }
}

extension FieldChecker {
    /// `value` cleaned as an optional email address (``Contact/email(_:)``); text that breaks the
    /// ``Text`` rule is refused for that alone.
    public mutating func email(_ value: String?, _ field: String) -> String? {
        let before = problems.count
        guard let text = optional(value, field, limit: 254), problems.count == before else { return nil }
        switch Contact.email(text) {
        case .success(let email): return email
        case .failure(let refusal):
            problem(field, refusal)
            return text
        }
    }

    /// `value` cleaned as an optional Vietnamese phone number (``Contact/phone(_:)``).
    public mutating func phone(_ value: String?, _ field: String) -> String? {
        let before = problems.count
        guard let text = optional(value, field, limit: 20), problems.count == before else { return nil }
        switch Contact.phone(text) {
        case .success(let phone): return phone
        case .failure(let refusal):
            problem(field, refusal)
            return text
        }
    }
}
