/// The rules of EMVCo MPM v1.0 and NAPAS VietQR v1.0, applied to the data objects read.
extension PayloadReader {
    /// Every rule: the CRC, which data objects are present and where, and what their values hold.
    mutating func lint(scheme: DecodedPayload.Scheme, banks: BankDirectory?) {
        checkCRC()
        checkOrder()
        for index in 0..<Int32(objects.count) where objects[index].parent < 0 { checkRoot(index) }
        if let amount = objects.find(54) {
            let currency = objects.find(53)
            checkAmount(amount, vnd: currency.map { objects.value($0, is: "704") } ?? true)
        }
        if scheme == .vietqr { checkVietQR(banks: banks) }
    }

    /// The payload must end in `6304` and four hexadecimal digits that equal CRC-16/CCITT-FALSE
    /// over every UTF-8 byte before them. Lowercase digits pass with a warning.
    private mutating func checkCRC() {
        let bytes = objects.bytes
        let count = bytes.count
        guard count >= 8, bytes[count - 8] == 0x36, bytes[count - 7] == 0x33,
            bytes[count - 6] == 0x30, bytes[count - 5] == 0x34
        else {
            if objects.find(63) != nil {
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
            case 0x61...0x66:
                nibble = byte - 0x61 + 10
                lowercase = true
            default:
                problems.append(Problem(.crcMismatch, tag: "63", "the CRC is not four hexadecimal digits"))
                return
            }
            written = written << 4 | UInt16(nibble)
        }
        let computed = checksum
        if computed != written {
            problems.append(
                Problem(
                    .crcMismatch,
                    tag: "63",
                    "the CRC written is \(CRC16.hex(written)) but the payload gives \(CRC16.hex(computed)): it was changed or mistyped"
                )
            )
        } else if lowercase {
            problems.append(
                Problem(
                    .crcLowercase,
                    tag: "63",
                    severity: .warning,
                    "the CRC is written in lowercase; EMV writes \(CRC16.hex(computed))"
                )
            )
        }
    }

    /// `00` first.
    private mutating func checkOrder() {
        guard objects.count > 0 else { return }
        let first = objects[0]
        if objects.find(0) == nil {
            problems.append(Problem(.missingTag, tag: "00", "the payload format indicator (tag 00) is missing"))
        } else if first.tag != 0 {
            problems.append(Problem(.misplacedTag, tag: "00", "the payload format indicator (tag 00) must come first"))
        }
    }

    private mutating func checkRoot(_ index: Int32) {
        let object = objects[index]
        switch object.tag {
        case 0:
            if !objects.value(index, is: "01") {
                problems.append(
                    Problem(
                        .invalidValue,
                        tag: "00",
                        "the payload format indicator must be 01 (got '\(objects.string(index))')"
                    )
                )
            }
        case 1:
            if numeric(index, length: 2), !objects.value(index, is: "11"), !objects.value(index, is: "12") {
                problems.append(
                    Problem(
                        .invalidValue,
                        tag: "01",
                        "the point of initiation is 11 (static) or 12 (dynamic), not \(objects.string(index))"
                    )
                )
            }
        case 26...51:
            if object.isTemplate, objects.find(0, in: index) == nil {
                problems.append(
                    Problem(
                        .missingTag,
                        tag: objects.path(index) + "/00",
                        "merchant account template \(objects.path(index)) has no GUID (00)"
                    )
                )
            }
        case 52: _ = numeric(index, length: 4)
        case 53: _ = numeric(index, length: 3)
        case 55: _ = numeric(index, length: 2)
        case 58:
            if objects.length(index) != 2 {
                problems.append(Problem(.badLength, tag: "58", "the country code is two letters (got '\(objects.string(index))')"))
            }
        case 59: ans(index, max: 25)
        case 60: ans(index, max: 15)
        case 61: ans(index, max: 10)
        case 62:
            for child in objects.descendants(of: index) where objects[child].parent == index && objects[child].tag <= 9 {
                ans(child, max: objects[child].tag == 9 ? 3 : 25)
            }
        case 63:
            if objects.value(index).count != 4 {
                problems.append(Problem(.badLength, tag: "63", "the CRC is four characters (got \(objects.length(index)))"))
            }
        case 64 where object.isTemplate:
            if let language = objects.find(0, in: index) {
                if objects.length(language) != 2 {
                    problems.append(Problem(.badLength, tag: "64/00", "the language is two letters (ISO 639)"))
                }
            } else {
                problems.append(Problem(.missingTag, tag: "64/00", "the language template has no language (64/00)"))
            }
            if let name = objects.find(1, in: index) {
                tooLong(name, max: 25)
            } else {
                problems.append(Problem(.missingTag, tag: "64/01", "the language template has no merchant name (64/01)"))
            }
            if let city = objects.find(2, in: index) { tooLong(city, max: 15) }
        default: break
        }
    }

    /// Tag `54`: digits with at most one `.`, not zero, at most 13 characters; no decimals in VND.
    private mutating func checkAmount(_ index: Int32, vnd: Bool) {
        let value = objects.value(index)
        var dots = 0
        var digits = 0
        var nonZero = false
        var decimals = 0
        for byte in value {
            if byte == 0x2E {
                dots += 1
            } else if isDigit(byte) {
                digits += 1
                nonZero = nonZero || byte != 0x30
                if dots > 0 { decimals += 1 }
            }
        }
        if dots > 1 || digits + dots != value.count || digits == 0 || value.count > 13 {
            problems.append(
                Problem(
                    .amountFormat,
                    tag: "54",
                    "the amount is digits with at most one '.', at most 13 characters, no separators (got '\(objects.string(index))')"
                )
            )
        } else if !nonZero {
            problems.append(Problem(.amountFormat, tag: "54", "the amount must not be zero"))
        } else if vnd, decimals > 0 {
            problems.append(Problem(.amountFormat, tag: "54", "VND has no decimals: write whole đồng (got '\(objects.string(index))')"))
        }
    }

    /// Tag `54` in whole đồng, when the currency is VND and the amount is well-formed.
    var vndAmount: UInt64? {
        guard let currency = objects.find(53), objects.value(currency, is: "704"), let amount = objects.find(54) else {
            return nil
        }
        return PayloadReader.vndAmount(objects.value(amount))
    }

    /// Whole đồng from a well-formed tag `54` (`50000` or `50000.`).
    /// Longer values are refused before any digit is added up (99 digits would overflow).
    static func vndAmount<Bytes: Collection<UInt8>>(_ value: Bytes) -> UInt64? {
        guard value.count <= 13 else { return nil }
        var amount: UInt64 = 0
        var sawDot = false
        for byte in value {
            if byte == 0x2E, !sawDot {
                sawDot = true
                continue
            }
            guard !sawDot, isDigit(byte) else { return nil }
            amount = amount * 10 + UInt64(byte - 0x30)
        }
        return amount > 0 ? amount : nil
    }

    private mutating func checkVietQR(banks: BankDirectory?) {
        require(1, "point of initiation")
        require(53, "currency")
        require(58, "country")
        if let currency = objects.find(53), !objects.value(currency, is: "704") {
            problems.append(Problem(.invalidValue, tag: "53", "a VietQR is paid in VND, currency 704 (got \(objects.string(currency)))"))
        }
        if let country = objects.find(58), !objects.value(country, is: "VN") {
            problems.append(Problem(.invalidValue, tag: "58", "a VietQR's country is VN (got \(objects.string(country)))"))
        }
        guard let napas = objects.find(38) else { return }
        if let guid = objects.find(0, in: napas) { tooLong(guid, max: 32) }
        // NAPAS marks 38/02 conditional, but bank apps refuse a VietQR without a service code they
        // know: an absent or unknown one is an error, not a warning.
        let service = objects.find(2, in: napas)
        let card = service.map { objects.value($0, is: "QRIBFTTC") } ?? false
        if let service {
            if !card, !objects.value(service, is: "QRIBFTTA") { reportUnknownService(service) }
        } else {
            reportMissingService(napas)
        }
        guard let beneficiary = objects.find(1, in: napas) else {
            problems.append(Problem(.missingTag, tag: "38/01", "the VietQR names no beneficiary (38/01)"))
            return
        }
        if let bin = objects.find(0, in: beneficiary) {
            if numeric(bin, length: 6), let banks, banks[bin: objects.string(bin)] == nil {
                problems.append(
                    Problem(
                        .unknownBank,
                        tag: "38/01/00",
                        severity: .warning,
                        "BIN \(objects.string(bin)) is not in the bank directory"
                    )
                )
            }
        } else {
            problems.append(Problem(.missingTag, tag: "38/01/00", "the VietQR names no bank BIN (38/01/00)"))
        }
        if let account = objects.find(1, in: beneficiary) {
            if !card {
                ans(account, max: 19)
            } else if numeric(account, length: nil) {
                tooLong(account, max: 19)
            }
        } else {
            problems.append(Problem(.missingTag, tag: "38/01/01", "the VietQR names no account or card number (38/01/01)"))
        }
        if let initiation = objects.find(1), objects.value(initiation, is: "11"), objects.find(54) != nil {
            problems.append(
                Problem(
                    .staticWithAmount,
                    tag: "01",
                    severity: .warning,
                    "a static code (01 = 11) is meant for many payments, yet it fixes the amount"
                )
            )
        }
    }

    // MARK: - Value rules
    // Each rule is a test, inlined where it is used, and a report that only broken payloads reach.

    @inline(__always)
    private mutating func require(_ tag: UInt8, _ name: StaticString) {
        if objects.find(tag) == nil { reportMissing(tag, name) }
    }

    /// Digits only (and exactly `length` of them when given). Returns whether the value passed.
    @inline(__always)
    private mutating func numeric(_ index: Int32, length: Int?) -> Bool {
        let passed = objects.isDigits(index) && (length == nil || objects[index].byteCount == length)
        if !passed { reportNotNumeric(index, length: length) }
        return passed
    }

    /// EMV "ans": printable ASCII only, at most `max` characters.
    @inline(__always)
    private mutating func ans(_ index: Int32, max: Int) {
        if !objects.isPrintableASCII(index) { reportNotPrintable(index) }
        tooLong(index, max: max)
    }

    @inline(__always)
    private mutating func tooLong(_ index: Int32, max: Int) {
        // A character is at least one byte: only a value of more than `max` bytes needs counting.
        if objects[index].byteCount > max { reportTooLong(index, max: max) }
    }

    @inline(never)
    private mutating func reportMissing(_ tag: UInt8, _ name: StaticString) {
        problems.append(Problem(.missingTag, tag: TLV.id(tag), "a VietQR needs the \(name) (tag \(TLV.id(tag)))"))
    }

    @inline(never)
    private mutating func reportUnknownService(_ index: Int32) {
        problems.append(
            Problem(
                .unknownService,
                tag: "38/02",
                "the NAPAS service is QRIBFTTA (to an account) or QRIBFTTC (to a card), not '\(objects.string(index))'; bank apps refuse any other"
            )
        )
    }

    /// `38/02` is absent. A length in `38/01` one object too long takes the service code in, where
    /// it reads as `38/01/02` and nothing else complains: the message points there when it is so.
    @inline(never)
    private mutating func reportMissingService(_ napas: Int32) {
        var message = "the VietQR has no NAPAS service code (38/02: QRIBFTTA to an account, QRIBFTTC to a card); bank apps refuse it"
        if let beneficiary = objects.find(1, in: napas), objects[beneficiary].isTemplate,
            let swallowed = objects.find(2, in: beneficiary)
        {
            message =
                "the NAPAS service code is inside 38/01 (38/01/02 = '\(objects.string(swallowed))'), not at 38/02: "
                + "the length of 38/01, \(objects.length(beneficiary)), takes it in; bank apps refuse a VietQR without 38/02"
        }
        problems.append(Problem(.missingTag, tag: "38/02", message))
    }

    @inline(never)
    private mutating func reportNotNumeric(_ index: Int32, length: Int?) {
        if !objects.isDigits(index) {
            problems.append(
                Problem(
                    .notNumeric,
                    tag: objects.path(index),
                    "tag \(objects.path(index)) must be digits (got '\(objects.string(index))')"
                )
            )
        } else if let length {
            problems.append(
                Problem(
                    .badLength,
                    tag: objects.path(index),
                    "tag \(objects.path(index)) is \(length) digits (got \(objects[index].byteCount))"
                )
            )
        }
    }

    @inline(never)
    private mutating func reportNotPrintable(_ index: Int32) {
        let text = objects.string(index)
        let bad = text.unicodeScalars.first { $0.value < 0x20 || $0.value > 0x7E }!
        let control = bad.value < 0x20 || (0x7F...0x9F).contains(bad.value)
        problems.append(
            Problem(
                control ? .controlCharacter : .notASCII,
                tag: objects.path(index),
                "tag \(objects.path(index)) must be printable ASCII (no diacritics); it holds \(Payload.describe(bad))"
            )
        )
    }

    @inline(never)
    private mutating func reportTooLong(_ index: Int32, max: Int) {
        let length = objects.length(index)
        if length > max {
            problems.append(
                Problem(
                    .valueTooLong,
                    tag: objects.path(index),
                    "tag \(objects.path(index)) is \(length) characters; at most \(max) are allowed"
                )
            )
        }
    }
}
