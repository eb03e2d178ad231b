import Foundation

/// A commune or ward (xã, phường): the level whose cashless criteria the report counts.
public struct Commune: Sendable, Hashable, Codable, Identifiable {
    /// Assigned by the ledger.
    public let id: Int64
    /// The commune's name, as written with diacritics: "Phường Điện Biên".
    public var name: String
    /// The province or centrally run city it belongs to: "Hà Nội".
    public var province: String
    /// The row of its province (``Province``), found or created by the province's name folded as
    /// searches fold it: set by the ledger whenever ``province`` is written.
    public internal(set) var provinceId: Int64
    /// When it was registered.
    public let createdAt: Date
}

/// A commune to register.
public struct NewCommune: Sendable, Hashable, Codable {
    /// The commune's name.
    public var name: String
    /// Its province.
    public var province: String

    /// A commune called `name` in `province`.
    public init(name: String, province: String) {
        self.name = name
        self.province = province
    }
}

/// Which communes a list holds.
public struct CommuneFilter: Sendable, Hashable {
    /// Only communes of this province (compared without case or diacritics).
    public var province: String?
    /// Only communes whose name contains this text (without case or diacritics).
    public var search: String?
    /// Only communes of the province with this id (``Province``).
    public var provinceId: Int64?

    /// Communes of `province` (by name or by id) whose name contains `search`; all communes when all are nil.
    public init(province: String? = nil, search: String? = nil, provinceId: Int64? = nil) {
        self.province = province
        self.search = search
        self.provinceId = provinceId
    }
}
