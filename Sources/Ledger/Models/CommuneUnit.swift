import Foundation

/// What never changes about a unit: its kind and its commune, which decide who may see it.
public struct UnitScope: Sendable, Hashable {
    public let id: Int64
    public let kind: CommuneUnit.Kind
    public let communeId: Int64

    public init(id: Int64, kind: CommuneUnit.Kind, communeId: Int64) {
        self.id = id
        self.kind = kind
        self.communeId = communeId
    }
}

/// A market, school, clinic or other body of a commune: what the API calls a unit. Markets hold
/// stalls; schools and clinics collect fees into their own bank account.
public struct CommuneUnit: Sendable, Hashable, Codable, Identifiable {
    /// What the unit is.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A market (chợ): holds stalls.
        case market
        /// A school: bills fees.
        case school
        /// A clinic or health station: bills fees.
        case clinic
        /// Any other body of the commune that collects payments.
        case other
    }

    /// Assigned by the ledger.
    public let id: Int64
    /// Fixed once registered: a market's stalls would not fit a school.
    public let kind: Kind
    /// The unit's name: "Chợ Điện Biên".
    public var name: String
    /// The commune it belongs to; fixed once registered, as the keys scoped to it are.
    public let communeId: Int64
    /// Its street address.
    public var address: String?
    /// Its tax code (mã số thuế), when it has one.
    public var taxCode: String?
    /// The 6-digit NAPAS BIN of the bank it collects to.
    public var bankBin: String?
    /// The account it collects to; present exactly when ``bankBin`` is.
    public var bankAccount: String?
    /// The account holder's name the payer's bank app shows.
    public var bankHolder: String?
    /// The form code (ký hiệu mẫu) of its receipts: `EBL01` (no face value, the default) or `EBL02`.
    public var receiptFormCode: String
    /// Whether its receipts write a whole number of thousands with "chẵn": "Một trăm nghìn đồng chẵn".
    public var wordsChan: Bool
    /// Whether its receipts say "ngàn" (as the South does) instead of "nghìn".
    public var wordsNgan: Bool
    /// When it was registered.
    public let createdAt: Date
}

extension CommuneUnit {
    /// Its kind and commune.
    public var scope: UnitScope { UnitScope(id: id, kind: kind, communeId: communeId) }
}

/// A unit to register in a commune.
public struct NewCommuneUnit: Sendable, Hashable, Codable {
    /// What the unit is.
    public var kind: CommuneUnit.Kind
    /// Its name.
    public var name: String
    /// The commune it belongs to; it must exist.
    public var communeId: Int64
    /// Its street address.
    public var address: String?
    /// Its tax code.
    public var taxCode: String?
    /// The 6-digit NAPAS BIN of the bank it collects to.
    public var bankBin: String?
    /// The account it collects to; given exactly when `bankBin` is.
    public var bankAccount: String?
    /// The account holder's name.
    public var bankHolder: String?
    /// The form code of its receipts; `EBL01` when not given.
    public var receiptFormCode: String?
    /// "chẵn" after a whole number of thousands in its receipts' amounts in words; off when not given.
    public var wordsChan: Bool?
    /// "ngàn" instead of "nghìn" in its receipts' amounts in words; off when not given.
    public var wordsNgan: Bool?

    /// A unit of `kind` called `name` in commune `communeId`, with the optional details.
    public init(
        kind: CommuneUnit.Kind,
        name: String,
        communeId: Int64,
        address: String? = nil,
        taxCode: String? = nil,
        bankBin: String? = nil,
        bankAccount: String? = nil,
        bankHolder: String? = nil,
        receiptFormCode: String? = nil,
        wordsChan: Bool? = nil,
        wordsNgan: Bool? = nil
    ) {
        self.kind = kind
        self.name = name
        self.communeId = communeId
        self.address = address
        self.taxCode = taxCode
        self.bankBin = bankBin
        self.bankAccount = bankAccount
        self.bankHolder = bankHolder
        self.receiptFormCode = receiptFormCode
        self.wordsChan = wordsChan
        self.wordsNgan = wordsNgan
    }
}

/// Which units a list holds.
public struct CommuneUnitFilter: Sendable, Hashable {
    /// Only units of this commune.
    public var communeId: Int64?
    /// Only units of this kind.
    public var kind: CommuneUnit.Kind?
    /// Only units whose name contains this text (without case or diacritics).
    public var search: String?
    /// Only units of the communes of this province.
    public var provinceId: Int64?

    /// Units matching every given condition; all units when none is given.
    public init(communeId: Int64? = nil, kind: CommuneUnit.Kind? = nil, search: String? = nil) {
        self.communeId = communeId
        self.kind = kind
        self.search = search
    }
}
