import Ledger

/// Who is calling: the role of their API key and what it is scoped to.
public struct Identity: Sendable, Hashable {
    public var keyId: Int64
    public var role: APIKey.Role
    /// The commune (role `commune`), unit (role `unit`) or province (role `province`) the key is limited to.
    public var scopeId: Int64?
    /// For role `province`: the communes of the province as they stand at this request (an admin
    /// may move a commune to another province), filled by ``resolved(in:)``; empty otherwise.
    public var provinceCommunes: Set<Int64> = []
    /// How the ledger records changes made by the caller: `key:12`, or `user:hoa.nt` for a person
    /// signed in to the pages.
    public var author: String

    /// The caller of an API key.
    public init(keyId: Int64, role: APIKey.Role, scopeId: Int64?) {
        self.keyId = keyId
        self.role = role
        self.scopeId = scopeId
        author = "key:\(keyId)"
    }

    /// A person signed in to the pages (`keyId` is their user id).
    public init(user: User) {
        keyId = user.id
        role = user.role
        scopeId = user.scopeId
        author = "user:\(user.username)"
    }

    /// The identity with what its scope covers read from `ledger`: a province's communes.
    func resolved(in ledger: Ledger) async throws -> Identity {
        guard role == .province, let scopeId else { return self }
        var identity = self
        identity.provinceCommunes = Set(try await ledger.communeIds(province: scopeId))
        return identity
    }

    /// Whether the caller may see `unit`: admins everything, a commune its units, a province the
    /// units of its communes, a unit itself.
    func canRead(_ unit: CommuneUnit) -> Bool {
        canRead(unit.scope)
    }

    /// Whether the caller may see the unit of `scope`.
    func canRead(_ scope: UnitScope) -> Bool {
        switch role {
        case .admin: true
        case .commune: scope.communeId == scopeId
        case .province: provinceCommunes.contains(scope.communeId)
        case .unit: scope.id == scopeId
        }
    }

    /// Whether the caller may change `unit` and its stalls: admins, and the unit itself.
    func canManage(_ unit: CommuneUnit) -> Bool {
        canManage(unit.scope)
    }

    /// Whether the caller may change the unit of `scope`.
    func canManage(_ scope: UnitScope) -> Bool {
        role == .admin || (role == .unit && scope.id == scopeId)
    }

    /// Whether the caller may see the commune and its reports: admins every commune, a commune
    /// itself, a province its communes.
    func canRead(commune id: Int64) -> Bool {
        switch role {
        case .admin: true
        case .commune: scopeId == id
        case .province: provinceCommunes.contains(id)
        case .unit: false
        }
    }

    /// Whether the caller may see the province and its report: admins every province, a province itself.
    func canRead(province id: Int64) -> Bool {
        role == .admin || (role == .province && scopeId == id)
    }

    /// 403 unless an admin.
    func requireAdmin() throws {
        guard role == .admin else { throw APIProblem(.forbidden, "only an admin may do this") }
    }

    /// 403 unless the caller may change the unit of `scope` (``canManage(_:)-…``): the one refusal
    /// of a caller who may read a unit's records but not change them, whatever the route.
    func requireManage(_ scope: UnitScope) throws {
        guard canManage(scope) else {
            let who = author.hasPrefix("user:") ? "this account" : "a \(role.rawValue) key"
            throw APIProblem(.forbidden, "\(who) may read the records of unit \(scope.id) but not change them")
        }
    }

    /// 403 unless the caller may change `unit`.
    func requireManage(_ unit: CommuneUnit) throws {
        try requireManage(unit.scope)
    }
}
