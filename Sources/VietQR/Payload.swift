/// The fields of a VietQR payment code: whom to pay (a bank account or card through NAPAS),
/// how much, and what the payer's bank app pre-fills.
///
/// Text is taken as people type it; ``encoded()`` folds the fields that EMV restricts to ASCII
/// (name, city and everything in tag `62`) and checks every limit after folding.
public struct Payload: Sendable, Hashable {
    /// Point of initiation, tag `01`.
    public enum Initiation: String, Sendable, Hashable, Codable, CaseIterable {
        /// `11`: reusable for many payments, as on a stall placard.
        case `static`
        /// `12`: for one payment, as on a fee bill.
        case dynamic

        /// The two digits written in tag `01`.
        public var code: String { self == .static ? "11" : "12" }

        public init?(code: some StringProtocol) {
            switch code {
            case "11": self = .static
            case "12": self = .dynamic
            default: return nil
            }
        }
    }

    /// What the beneficiary number is, NAPAS service code `38/02`.
    public enum Service: String, Sendable, Hashable, Codable, CaseIterable {
        /// `QRIBFTTA`: a bank account number.
        case account
        /// `QRIBFTTC`: a card number.
        case card

        /// The service code written in `38/02`.
        public var code: String { self == .account ? "QRIBFTTA" : "QRIBFTTC" }

        public init?(code: some StringProtocol) {
            switch code {
            case "QRIBFTTA": self = .account
            case "QRIBFTTC": self = .card
            default: return nil
            }
        }
    }

    /// Merchant information in another language, tag `64`: the one place a name may keep its
    /// Vietnamese diacritics.
    public struct AlternateLanguage: Sendable, Hashable {
        /// ISO 639 two-letter code, `vi` for Vietnamese.
        public var language: String
        public var name: String
        public var city: String?

        public init(language: String = "vi", name: String, city: String? = nil) {
            self.language = language
            self.name = name
            self.city = city
        }
    }

    /// The bank's six-digit BIN, `38/01/00` (e.g. `970436` for Vietcombank).
    public var bankBIN: String
    /// Account or card number, `38/01/01`: at most 19 digits (or letters, for some virtual accounts).
    public var account: String
    public var service: Service
    /// `nil` chooses: static without an amount, dynamic with one.
    public var initiation: Initiation?
    /// Whole đồng, tag `54`.
    public var amount: UInt64?
    /// Tag `59`, at most 25 characters once folded to ASCII.
    public var merchantName: String?
    /// Tag `60`, at most 15 characters once folded to ASCII.
    public var merchantCity: String?
    /// `62/01`.
    public var billNumber: String?
    /// `62/03`.
    public var store: String?
    /// `62/05`.
    public var reference: String?
    /// `62/07`.
    public var terminal: String?
    /// `62/08`: the transfer content bank apps pre-fill.
    public var purpose: String?
    /// Tag `64`. When `nil` and the name or city has diacritics, ``encoded()`` writes one in Vietnamese.
    public var alternateLanguage: AlternateLanguage?

    public init(
        bankBIN: String,
        account: String,
        service: Service = .account,
        initiation: Initiation? = nil,
        amount: UInt64? = nil,
        merchantName: String? = nil,
        merchantCity: String? = nil,
        billNumber: String? = nil,
        store: String? = nil,
        reference: String? = nil,
        terminal: String? = nil,
        purpose: String? = nil,
        alternateLanguage: AlternateLanguage? = nil
    ) {
        self.bankBIN = bankBIN
        self.account = account
        self.service = service
        self.initiation = initiation
        self.amount = amount
        self.merchantName = merchantName
        self.merchantCity = merchantCity
        self.billNumber = billNumber
        self.store = store
        self.reference = reference
        self.terminal = terminal
        self.purpose = purpose
        self.alternateLanguage = alternateLanguage
    }

    /// The initiation written: the one asked for, or static without an amount and dynamic with one.
    public var effectiveInitiation: Initiation { initiation ?? (amount == nil ? .static : .dynamic) }

    /// Largest amount tag `54` can hold: 13 digits.
    public static let maximumAmount: UInt64 = 9_999_999_999_999
}

extension Payload {
    /// The input fields, named so that a caller can point at the one a ``Problem`` is about.
    public enum Field: String, Sendable, CaseIterable {
        case bankBIN, account, initiation, amount, merchantName, merchantCity
        case billNumber, store, reference, terminal, purpose, additionalData
        case alternateLanguage, alternateName, alternateCity

        /// The tag path the field is written to.
        public var tag: String {
            switch self {
            case .bankBIN: "38/01/00"
            case .account: "38/01/01"
            case .initiation: "01"
            case .amount: "54"
            case .merchantName: "59"
            case .merchantCity: "60"
            case .billNumber: "62/01"
            case .store: "62/03"
            case .reference: "62/05"
            case .terminal: "62/07"
            case .purpose: "62/08"
            case .additionalData: "62"
            case .alternateLanguage: "64/00"
            case .alternateName: "64/01"
            case .alternateCity: "64/02"
            }
        }

        /// The field a problem's tag path belongs to.
        public init?(tag: String) {
            guard let field = Field.allCases.first(where: { $0.tag == tag }) else { return nil }
            self = field
        }
    }
}
