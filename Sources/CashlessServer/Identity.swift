import Ledger

/// Who is calling: the role of their API key and what it is scoped to.
public struct Identity: Sendable, Hashable {
    public var keyId: Int64
    public var role: APIKey.Role
    /// The commune (role `commune`) or unit (role `unit`) the key is limited to.
    public var scopeId: Int64?
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

    /// Whether the caller may see `unit`: admins everything, a commune its units, a unit itself.
    func canRead(_ unit: CommuneUnit) -> Bool {
        canRead(unit.scope)
    }

    /// Whether the caller may see the unit of `scope`.
    func canRead(_ scope: UnitScope) -> Bool {
        switch role {
        case .admin: true
        case .commune: scope.communeId == scopeId
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

    /// Whether the caller may see the commune and its reports.
    func canRead(commune id: Int64) -> Bool {
        role == .admin || (role == .commune && scopeId == id)
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
