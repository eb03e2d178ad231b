/// An EMV merchant-presented QR payload taken apart: its data objects, every problem found in
/// them, and for a VietQR the payment fields.
///
/// Any EMV MPM payload decodes (VNPAY-QR, PIX, PromptPay, …) to the generic ``tags`` tree;
/// the VietQR fields (bank, account, service) are there when tag `38` carries the NAPAS GUID.
public struct DecodedPayload: Sendable {
    /// Which payment scheme the payload belongs to.
    public enum Scheme: String, Sendable, Hashable, Codable {
        /// NAPAS VietQR: tag `38` with GUID `A000000727`.
        case vietqr
        /// VNPAY-QR merchant code: tag `26` with GUID `A000000775`.
        case vnpayqr
        /// Any other EMV MPM payload.
        case emv
    }

    /// The payload as given.
    public let text: String
    /// The root data objects in payload order; templates carry their children.
    public let tags: [TLV]
    /// Every problem found, errors and warnings, in the order found.
    public let problems: [Problem]
    public let scheme: Scheme

    /// `true` when no problem is an error.
    public var isValid: Bool { !problems.hasErrors }

    /// Parses and checks `text`. With a bank directory, a VietQR's BIN is looked up (`unknown_bank`).
    public init(_ text: String, banks: BankDirectory? = nil) {
        var contiguous = text
        contiguous.makeContiguousUTF8()
        let source = contiguous
        var problems: [Problem] = []
        let tags: [TLV] = source.utf8.withContiguousStorageIfAvailable { bytes in
            let tags = TLVReader(text: source, bytes: bytes).readLevel(from: 0, to: bytes.count, path: "", problems: &problems)
            Linter.checkCRC(bytes, tags: tags, problems: &problems)
            return tags
        } ?? []
        self.text = source
        self.tags = tags
        scheme = DecodedPayload.scheme(of: tags)
        Linter.check(tags, scheme: scheme, banks: banks, problems: &problems)
        self.problems = problems
    }

    private static func scheme(of tags: [TLV]) -> Scheme {
        if let guid = tags[tag: 38]?[0]?.value, guid.utf8.elementsEqual("A000000727".utf8) { return .vietqr }
        if let guid = tags[tag: 26]?[0]?.value, guid.utf8.elementsEqual("A000000775".utf8) { return .vnpayqr }
        return .emv
    }
}

// MARK: - Fields

extension DecodedPayload {
    /// Tag `01`: static (`11`) or dynamic (`12`).
    public var initiation: Payload.Initiation? { tags[tag: 1].flatMap { Payload.Initiation(code: $0.value) } }
    /// Tag `53`, ISO 4217 numeric (`704` for VND).
    public var currency: Substring? { tags[tag: 53]?.value }
    /// Tag `58`, ISO 3166 alpha-2 (`VN`).
    public var country: Substring? { tags[tag: 58]?.value }
    /// Tag `59`.
    public var merchantName: Substring? { tags[tag: 59]?.value }
    /// Tag `60`.
    public var merchantCity: Substring? { tags[tag: 60]?.value }
    /// `62/01`.
    public var billNumber: Substring? { tags[tag: 62]?[1]?.value }
    /// `62/03`.
    public var store: Substring? { tags[tag: 62]?[3]?.value }
    /// `62/05`.
    public var reference: Substring? { tags[tag: 62]?[5]?.value }
    /// `62/07`.
    public var terminal: Substring? { tags[tag: 62]?[7]?.value }
    /// `62/08`: the transfer content.
    public var purpose: Substring? { tags[tag: 62]?[8]?.value }
    /// Tag `63` as written.
    public var crc: Substring? { tags.last?.tag == 63 ? tags.last?.value : tags[tag: 63]?.value }

    /// Tag `54` in whole đồng, when the currency is VND and the amount is well-formed.
    public var amount: UInt64? {
        guard currency == "704", let value = tags[tag: 54]?.value else { return nil }
        return Linter.vndAmount(value)
    }

    /// `38/01/00`, the beneficiary bank's BIN (VietQR only).
    public var bankBIN: Substring? { napas?[1]?[0]?.value }
    /// `38/01/01`, the account or card number (VietQR only).
    public var account: Substring? { napas?[1]?[1]?.value }
    /// `38/02` (VietQR only).
    public var service: Payload.Service? { napas?[2].flatMap { Payload.Service(code: $0.value) } }

    /// Tag `64`, merchant information in another language.
    public var alternateLanguage: Payload.AlternateLanguage? {
        guard let template = tags[tag: 64], let language = template[0]?.value, let name = template[1]?.value else { return nil }
        return Payload.AlternateLanguage(language: String(language), name: String(name), city: template[2].map { String($0.value) })
    }

    /// The VietQR fields, ready to encode again; `nil` unless this is a VietQR with a bank and an account.
    public var payload: Payload? {
        guard let bankBIN, let account else { return nil }
        func string(_ value: Substring?) -> String? { value.map(String.init) }
        return Payload(
            bankBIN: String(bankBIN), account: String(account), service: service ?? .account, initiation: initiation,
            amount: amount, merchantName: string(merchantName), merchantCity: string(merchantCity),
            billNumber: string(billNumber), store: string(store), reference: string(reference),
            terminal: string(terminal), purpose: string(purpose), alternateLanguage: alternateLanguage)
    }

    private var napas: TLV? { scheme == .vietqr ? tags[tag: 38] : nil }
}
