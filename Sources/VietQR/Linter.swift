/// The rules of EMVCo MPM v1.0 and NAPAS VietQR v1.0 applied to a parsed payload.
enum Linter {
    /// Checks the CRC: the payload must end in `6304` and four hexadecimal digits that equal
    /// CRC-16/CCITT-FALSE over every UTF-8 byte before them. Lowercase digits pass with a warning.
    static func checkCRC(_ bytes: UnsafeBufferPointer<UInt8>, tags: [TLV], problems: inout [Problem]) {
        let count = bytes.count
        guard count >= 8, bytes[count - 8] == 0x36, bytes[count - 7] == 0x33,
              bytes[count - 6] == 0x30, bytes[count - 5] == 0x34 else {
            if tags.contains(where: { $0.tag == 63 }) {
                problems.append(Problem(.misplacedTag, tag: "63", "the CRC (tag 63, length 04) must be the last data object"))
            } else {
                problems.append(Problem(.missingTag, tag: "63", "the payload has no CRC (tag 63)"))
            }
            return
        }
        var written: UInt16 = 0
        var lowercase = false
        for byte in bytes[(count - 4)...] {
            let nibble: UInt8
            switch byte {
            case 0x30...0x39: nibble = byte - 0x30
            case 0x41...0x46: nibble = byte - 0x41 + 10
            case 0x61...0x66: nibble = byte - 0x61 + 10; lowercase = true
            default:
                problems.append(Problem(.crcMismatch, tag: "63", "the CRC is not four hexadecimal digits"))
                return
            }
            written = written << 4 | UInt16(nibble)
        }
        let computed = CRC16.ccittFalse(UnsafeBufferPointer(rebasing: bytes[..<(count - 4)]))
        if computed != written {
            problems.append(Problem(.crcMismatch, tag: "63",
                "the CRC is \(CRC16.hex(written)) but the payload's CRC is \(CRC16.hex(computed)): it was changed or mistyped"))
        } else if lowercase {
            problems.append(Problem(.crcLowercase, tag: "63", severity: .warning,
                "the CRC is written in lowercase; EMV writes \(CRC16.hex(computed))"))
        }
    }

    /// Every rule about which data objects are present, where, and what their values hold.
    static func check(_ tags: [TLV], scheme: DecodedPayload.Scheme, banks: BankDirectory?, problems: inout [Problem]) {
        if let first = tags.first, first.tag != 0 {
            if tags.contains(where: { $0.tag == 0 }) {
                problems.append(Problem(.misplacedTag, tag: "00", "the payload format indicator (tag 00) must come first"))
            }
        }
        if !tags.isEmpty, !tags.contains(where: { $0.tag == 0 }) {
            problems.append(Problem(.missingTag, tag: "00", "the payload format indicator (tag 00) is missing"))
        }
        for node in tags { checkRoot(node, problems: &problems) }
        let currency = tags[tag: 53]?.value
        if let amount = tags[tag: 54] { checkAmount(amount.value, vnd: currency == nil || currency == "704", problems: &problems) }
        if scheme == .vietqr { checkVietQR(tags, banks: banks, problems: &problems) }
    }

    private static func checkRoot(_ node: TLV, problems: inout [Problem]) {
        let value = node.value
        switch node.tag {
        case 0:
            if value != "01" { invalid(node.id, "the payload format indicator must be 01 (got '\(value)')", &problems) }
        case 1:
            if numeric(value, "01", length: 2, &problems), Payload.Initiation(code: value) == nil {
                invalid("01", "the point of initiation is 11 (static) or 12 (dynamic), not \(value)", &problems)
            }
        case 26...51:
            if node.children != nil, node[0] == nil {
                problems.append(Problem(.missingTag, tag: node.id + "/00", "merchant account template \(node.id) has no GUID (00)"))
            }
        case 52: _ = numeric(value, "52", length: 4, &problems)
        case 53: _ = numeric(value, "53", length: 3, &problems)
        case 55: _ = numeric(value, "55", length: 2, &problems)
        case 58: if value.unicodeScalars.count != 2 { badLength("58", "the country code is two letters (got '\(value)')", &problems) }
        case 59: ans(value, "59", max: 25, &problems)
        case 60: ans(value, "60", max: 15, &problems)
        case 61: ans(value, "61", max: 10, &problems)
        case 62:
            for child in node.children ?? [] where child.tag <= 9 {
                ans(child.value, "62/" + child.id, max: child.tag == 9 ? 3 : 25, &problems)
            }
        case 63:
            if value.utf8.count != 4 { badLength("63", "the CRC is four characters (got \(value.unicodeScalars.count))", &problems) }
        case 64:
            guard let children = node.children else { break }
            if let language = children[tag: 0] {
                if language.value.unicodeScalars.count != 2 { badLength("64/00", "the language is two letters (ISO 639)", &problems) }
            } else {
                problems.append(Problem(.missingTag, tag: "64/00", "the language template has no language (64/00)"))
            }
            if let name = children[tag: 1] {
                tooLong(name.value, "64/01", max: 25, &problems)
            } else {
                problems.append(Problem(.missingTag, tag: "64/01", "the language template has no merchant name (64/01)"))
            }
            if let city = children[tag: 2] { tooLong(city.value, "64/02", max: 15, &problems) }
        default: break
        }
    }

    /// Tag `54`: digits with at most one `.`, not zero, at most 13 characters; no decimals in VND.
    private static func checkAmount(_ value: Substring, vnd: Bool, problems: inout [Problem]) {
        let utf8 = value.utf8
        let dots = utf8.count(where: { $0 == 0x2E })
        let digits = utf8.filter(isDigit)
        let shape = dots <= 1 && digits.count + dots == utf8.count && !digits.isEmpty
        if !shape || utf8.count > 13 {
            problems.append(Problem(.amountFormat, tag: "54",
                "the amount is digits with at most one '.', at most 13 characters, no separators (got '\(value)')"))
        } else if digits.allSatisfy({ $0 == 0x30 }) {
            problems.append(Problem(.amountFormat, tag: "54", "the amount must not be zero"))
        } else if vnd, let dot = utf8.firstIndex(of: 0x2E), utf8.index(after: dot) != utf8.endIndex {
            problems.append(Problem(.amountFormat, tag: "54", "VND has no decimals: write whole đồng (got '\(value)')"))
        }
    }

    /// Whole đồng from a well-formed tag `54` (`50000` or `50000.`).
    static func vndAmount(_ value: Substring) -> UInt64? {
        var amount: UInt64 = 0
        var sawDot = false
        for byte in value.utf8 {
            if byte == 0x2E, !sawDot { sawDot = true; continue }
            guard !sawDot, isDigit(byte) else { return nil }
            amount = amount * 10 + UInt64(byte - 0x30)
        }
        return value.utf8.count <= 13 && amount > 0 ? amount : nil
    }

    private static func checkVietQR(_ tags: [TLV], banks: BankDirectory?, problems: inout [Problem]) {
        func require(_ tag: UInt8, _ name: String) {
            if tags[tag: tag] == nil {
                problems.append(Problem(.missingTag, tag: TLV.id(tag), "a VietQR needs the \(name) (tag \(TLV.id(tag)))"))
            }
        }
        require(1, "point of initiation")
        require(53, "currency")
        require(58, "country")
        if let currency = tags[tag: 53]?.value, currency != "704" {
            invalid("53", "a VietQR is paid in VND, currency 704 (got \(currency))", &problems)
        }
        if let country = tags[tag: 58]?.value, country != "VN" {
            invalid("58", "a VietQR's country is VN (got \(country))", &problems)
        }
        guard let napas = tags[tag: 38] else { return }
        if let guid = napas[0] { tooLong(guid.value, "38/00", max: 32, &problems) }
        let service = napas[2].map(\.value)
        if let service, Payload.Service(code: service) == nil {
            problems.append(Problem(.unknownService, tag: "38/02",
                "the NAPAS service is QRIBFTTA (to an account) or QRIBFTTC (to a card), not '\(service)'"))
        }
        guard let beneficiary = napas[1] else {
            problems.append(Problem(.missingTag, tag: "38/01", "the VietQR names no beneficiary (38/01)"))
            return
        }
        guard beneficiary.children != nil else { return }  // not TLV: already reported
        if let bin = beneficiary[0]?.value {
            if numeric(bin, "38/01/00", length: 6, &problems), let banks, banks[bin: String(bin)] == nil {
                problems.append(Problem(.unknownBank, tag: "38/01/00", severity: .warning,
                    "BIN \(bin) is not in the bank directory"))
            }
        } else {
            problems.append(Problem(.missingTag, tag: "38/01/00", "the VietQR names no bank BIN (38/01/00)"))
        }
        if let account = beneficiary[1]?.value {
            if service != "QRIBFTTC" {
                ans(account, "38/01/01", max: 19, &problems)
            } else if numeric(account, "38/01/01", length: nil, &problems) {
                tooLong(account, "38/01/01", max: 19, &problems)
            }
        } else {
            problems.append(Problem(.missingTag, tag: "38/01/01", "the VietQR names no account or card number (38/01/01)"))
        }
        if tags[tag: 1]?.value == "11", tags[tag: 54] != nil {
            problems.append(Problem(.staticWithAmount, tag: "01", severity: .warning,
                "a static code (01 = 11) is meant for many payments, yet it fixes the amount"))
        }
    }

    // MARK: - Value rules

    /// Digits only (and exactly `length` of them when given). Returns whether the value passed.
    private static func numeric(_ value: Substring, _ tag: String, length: Int?, _ problems: inout [Problem]) -> Bool {
        guard value.utf8.allSatisfy(isDigit) else {
            problems.append(Problem(.notNumeric, tag: tag, "tag \(tag) must be digits (got '\(value)')"))
            return false
        }
        if let length, value.utf8.count != length {
            badLength(tag, "tag \(tag) is \(length) digits (got \(value.utf8.count))", &problems)
            return false
        }
        return true
    }

    /// EMV "ans": printable ASCII only, at most `max` characters.
    private static func ans(_ value: Substring, _ tag: String, max: Int, _ problems: inout [Problem]) {
        if let bad = value.unicodeScalars.first(where: { $0.value < 0x20 || $0.value > 0x7E }) {
            let control = bad.value < 0x20 || (0x7F...0x9F).contains(bad.value)
            problems.append(Problem(control ? .controlCharacter : .notASCII, tag: tag,
                "tag \(tag) must be printable ASCII (no diacritics); it holds \(Payload.describe(bad))"))
        }
        tooLong(value, tag, max: max, &problems)
    }

    private static func tooLong(_ value: Substring, _ tag: String, max: Int, _ problems: inout [Problem]) {
        let length = value.unicodeScalars.count
        if length > max {
            problems.append(Problem(.valueTooLong, tag: tag, "tag \(tag) is \(length) characters; at most \(max) are allowed"))
        }
    }

    private static func invalid(_ tag: String, _ message: String, _ problems: inout [Problem]) {
        problems.append(Problem(.invalidValue, tag: tag, message))
    }

    private static func badLength(_ tag: String, _ message: String, _ problems: inout [Problem]) {
        problems.append(Problem(.badLength, tag: tag, message))
    }
}
