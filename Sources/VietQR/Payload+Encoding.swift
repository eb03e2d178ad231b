/// The payload could not be built; `problems` lists every reason, each with the tag of its field.
public struct InvalidPayload: Error, Sendable, Hashable {
    public var problems: [Problem]
}

extension Payload {
    /// The payload text, `00` first and `63` (CRC-16/CCITT-FALSE, uppercase) last, the other
    /// data objects in ascending order. Throws every problem found, not only the first.
    public func encoded() throws(InvalidPayload) -> String {
        var problems: [Problem] = []
        let fields = normalized(&problems)
        guard !problems.hasErrors else {
            throw InvalidPayload(problems: problems.filter { $0.severity == .error })
        }
        return fields.write()
    }

    /// Every problem ``encoded()`` would find, and the warnings it lets pass; with a bank
    /// directory, also whether the BIN is known (`unknown_bank`).
    public func check(banks: BankDirectory? = nil) -> [Problem] {
        var problems: [Problem] = []
        _ = normalized(&problems)
        let bin = TextShape(bankBIN)
        if let banks, bin.digits, bin.count == 6, banks[bin: bankBIN] == nil {
            problems.append(
                Problem(
                    .unknownBank,
                    tag: Field.bankBIN.tag,
                    severity: .warning,
                    "\(bankBIN) is not in the bank directory; check the BIN before printing this code"
                )
            )
        }
        return problems
    }

    /// The fields as they will be written: trimmed, folded, checked.
    private func normalized(_ problems: inout [Problem]) -> Normalized {
        let binShape = TextShape(bankBIN)
        if !binShape.digits {
            problems.append(Problem(.notNumeric, tag: Field.bankBIN.tag, "a bank BIN is six digits (got '\(bankBIN)')"))
        } else if binShape.count != 6 {
            problems.append(Problem(.badLength, tag: Field.bankBIN.tag, "a bank BIN is six digits (got \(binShape.count))"))
        }

        var account = self.account
        var accountShape = TextShape(account)
        if !accountShape.trimmed, let trimmed = Payload.trimmed(account) {
            account = trimmed
            accountShape = TextShape(account)
        }
        if accountShape.count == 0 || !accountShape.trimmed {
            problems.append(Problem(.missingTag, tag: Field.account.tag, "the account number is empty"))
        } else if service == .card, !accountShape.digits {
            problems.append(Problem(.notNumeric, tag: Field.account.tag, "a card number is digits only (got '\(account)')"))
        } else if !accountShape.alphanumeric {
            problems.append(
                Problem(
                    .invalidValue,
                    tag: Field.account.tag,
                    "an account number is digits (and letters for some virtual accounts), without spaces or signs (got '\(account)')"
                )
            )
        }
        if accountShape.count > 19, account.unicodeScalars.count > 19 {
            problems.append(Problem(.valueTooLong, tag: Field.account.tag, "\(account.unicodeScalars.count) characters; at most 19 fit"))
        }
        var out = Normalized(bin: bankBIN, account: account, service: service, initiation: effectiveInitiation, amount: amount)

        if let amount {
            if amount == 0 {
                problems.append(Problem(.amountFormat, tag: Field.amount.tag, "the amount must be more than 0 đồng"))
            } else if amount > Payload.maximumAmount {
                problems.append(Problem(.amountFormat, tag: Field.amount.tag, "\(amount) đồng has more than 13 digits"))
            }
            if out.initiation == .static {
                problems.append(
                    Problem(
                        .staticWithAmount,
                        tag: Field.initiation.tag,
                        severity: .warning,
                        "a static code is meant for many payments, yet it fixes the amount"
                    )
                )
            }
        }

        out.name = ans(merchantName, .merchantName, max: 25, &problems)
        out.city = ans(merchantCity, .merchantCity, max: 15, &problems)
        out.bill = ans(billNumber, .billNumber, max: 25, &problems)
        out.store = ans(store, .store, max: 25, &problems)
        out.reference = ans(reference, .reference, max: 25, &problems)
        out.terminal = ans(terminal, .terminal, max: 25, &problems)
        out.purpose = ans(purpose, .purpose, max: 25, &problems)
        out.additionalDataLength = out.computeAdditionalDataLength()
        if out.additionalDataLength > 99 {
            problems.append(
                Problem(
                    .valueTooLong,
                    tag: Field.additionalData.tag,
                    "bill, store, reference, terminal and purpose together take \(out.additionalDataLength) characters in tag 62; at most 99 fit"
                )
            )
        }
        if merchantName != nil || merchantCity != nil || alternateLanguage != nil {
            out.alternate = alternate(out, &problems)
        }
        return out
    }

    /// Tag `64`: the one given, or Vietnamese when folding changed the name or the city.
    private func alternate(_ out: borrowing Normalized, _ problems: inout [Problem]) -> Normalized.Alternate? {
        var requested = alternateLanguage
        if requested == nil {
            let name = Payload.trimmed(merchantName)
            let city = Payload.trimmed(merchantCity)
            guard name != out.name || city != out.city, let name = name ?? out.name else { return nil }
            requested = AlternateLanguage(language: "vi", name: name, city: city)
        }
        guard let requested else { return nil }
        let language = Payload.trimmed(requested.language) ?? ""
        if language.unicodeScalars.count != 2 || !language.utf8.allSatisfy(isLetter) {
            problems.append(
                Problem(
                    .invalidValue,
                    tag: Field.alternateLanguage.tag,
                    "the language is an ISO 639 two-letter code such as 'vi' (got '\(language)')"
                )
            )
        }
        guard let name = text(requested.name, .alternateName, max: 25, &problems) else {
            problems.append(Problem(.missingTag, tag: Field.alternateName.tag, "tag 64 needs the merchant name"))
            return nil
        }
        let city = text(requested.city, .alternateCity, max: 15, &problems)
        let alternate = Normalized.Alternate(language: language, name: name, city: city)
        if alternate.length > 99 {
            problems.append(Problem(.valueTooLong, tag: "64", "the name and city in tag 64 take \(alternate.length) characters; at most 99 fit"))
        }
        return alternate
    }

    /// An EMV "ans" field: trimmed, folded to ASCII, then checked for length and characters.
    private func ans(_ value: String?, _ field: Field, max: Int, _ problems: inout [Problem]) -> String? {
        guard let value else { return nil }
        let shape = TextShape(value)
        if shape.printableASCII, shape.trimmed {  // the usual case: nothing to change
            if shape.count > max {
                problems.append(Problem(.valueTooLong, tag: field.tag, "\(shape.count) characters; at most \(max) fit"))
            }
            return value
        }
        return folded(value, field, max: max, &problems)
    }

    /// ``ans(_:_:max:_:)`` for text that needs trimming or folding. Apart, so that the usual case
    /// does not pay for what this needs (the Unicode property types are looked up at run time).
    @inline(never)
    private func folded(_ value: String, _ field: Field, max: Int, _ problems: inout [Problem]) -> String? {
        guard let trimmed = Payload.trimmed(value) else { return nil }
        let folded = ASCIIFolding.fold(trimmed)
        if let bad = folded.unicodeScalars.first(where: { $0.value < 0x20 || $0.value > 0x7E }) {
            if bad.properties.generalCategory == .control {
                problems.append(Problem(.controlCharacter, tag: field.tag, "contains the control character \(Payload.describe(bad))"))
            } else {
                problems.append(
                    Problem(
                        .notASCII,
                        tag: field.tag,
                        "\(Payload.describe(bad)) has no ASCII spelling; this field takes letters, digits, spaces and ASCII signs only"
                    )
                )
            }
        }
        let length = folded.unicodeScalars.count
        if length > max {
            let note = folded == trimmed ? "" : " after removing diacritics ('\(folded)')"
            problems.append(Problem(.valueTooLong, tag: field.tag, "\(length) characters\(note); at most \(max) fit"))
        }
        return folded
    }

    /// A field of format S (any Unicode): trimmed, precomposed, no control characters, at most `max` characters.
    private func text(_ value: String?, _ field: Field, max: Int, _ problems: inout [Problem]) -> String? {
        guard let value = Payload.trimmed(value) else { return nil }
        let precomposed = ASCIIFolding.precomposed(value)
        if let bad = precomposed.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            problems.append(Problem(.controlCharacter, tag: field.tag, "contains the control character \(Payload.describe(bad))"))
        }
        let length = precomposed.unicodeScalars.count
        if length > max {
            problems.append(Problem(.valueTooLong, tag: field.tag, "\(length) characters; at most \(max) fit"))
        }
        return precomposed
    }

    /// The text without surrounding white space, or `nil` when nothing is left.
    static func trimmed(_ value: String?) -> String? {
        guard let value, let first = value.utf8.first, let last = value.utf8.last else { return nil }
        if first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return value }
        let scalars = value.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return nil }
        return String(scalars[start...end])
    }

    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return scalar.properties.generalCategory == .control ? code : "'\(scalar)' (\(code))"
    }
}

/// Whether every byte is printable ASCII (0x20–0x7E), the EMV "ans" set.
func isPrintableASCII(_ text: String) -> Bool { TextShape(text).printableASCII }
@inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
@inline(__always) func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
