/// The JSON answer to "what is in this QR code?", shared by `cashless qr decode --json` and
/// `POST /v1/qr/decode`. Every key is always present; what the payload lacks is `null`.
public struct DecodeReport: Sendable, Encodable {
    /// The bank a VietQR pays into; names are `null` when the BIN is not in the directory.
    public struct BankReference: Sendable, Encodable {
        public var bin: String
        public var shortName: String?
        public var name: String?

        private enum CodingKeys: String, CodingKey { case bin, shortName, name }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(bin, forKey: .bin)
            try container.encode(shortName, forKey: .shortName)
            try container.encode(name, forKey: .name)
        }
    }

    public var valid: Bool
    public var scheme: DecodedPayload.Scheme
    public var initiation: Payload.Initiation?
    public var bank: BankReference?
    public var account: String?
    public var service: Payload.Service?
    public var amount: UInt64?
    public var currency: String?
    public var country: String?
    public var merchantName: String?
    public var merchantCity: String?
    public var billNumber: String?
    public var reference: String?
    public var purpose: String?
    public var store: String?
    public var terminal: String?
    public var crc: String?
    public var tags: [TLV]
    public var problems: [Problem]

    public init(_ decoded: DecodedPayload, banks: BankDirectory?) {
        func string(_ value: Substring?) -> String? { value.map(String.init) }
        valid = decoded.isValid
        scheme = decoded.scheme
        initiation = decoded.initiation
        bank = decoded.bankBIN.map { bin in
            let known = banks?[bin: String(bin)]
            return BankReference(bin: String(bin), shortName: known?.shortName, name: known?.name)
        }
        account = string(decoded.account)
        service = decoded.service
        amount = decoded.amount
        currency = string(decoded.currency)
        country = string(decoded.country)
        merchantName = string(decoded.merchantName)
        merchantCity = string(decoded.merchantCity)
        billNumber = string(decoded.billNumber)
        reference = string(decoded.reference)
        purpose = string(decoded.purpose)
        store = string(decoded.store)
        terminal = string(decoded.terminal)
        crc = string(decoded.crc)
        tags = decoded.tags
        problems = decoded.problems
    }

    private enum CodingKeys: String, CodingKey {
        case valid, scheme, initiation, bank, account, service, amount, currency, country, merchantName
        case merchantCity, billNumber, reference, purpose, store, terminal, crc, tags, problems
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(valid, forKey: .valid)
        try container.encode(scheme, forKey: .scheme)
        try container.encode(initiation, forKey: .initiation)
        try container.encode(bank, forKey: .bank)
        try container.encode(account, forKey: .account)
        try container.encode(service, forKey: .service)
        try container.encode(amount, forKey: .amount)
        try container.encode(currency, forKey: .currency)
        try container.encode(country, forKey: .country)
        try container.encode(merchantName, forKey: .merchantName)
        try container.encode(merchantCity, forKey: .merchantCity)
        try container.encode(billNumber, forKey: .billNumber)
        try container.encode(reference, forKey: .reference)
        try container.encode(purpose, forKey: .purpose)
        try container.encode(store, forKey: .store)
        try container.encode(terminal, forKey: .terminal)
        try container.encode(crc, forKey: .crc)
        try container.encode(tags, forKey: .tags)
        try container.encode(problems, forKey: .problems)
    }
}
