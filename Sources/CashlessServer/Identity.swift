import Ledger

/// Who is calling: the role of their API key and what it is scoped to.
public struct Identity: Sendable, Hashable {
    public var keyId: Int64
    public var role: APIKey.Role
    /// The commune (role `commune`) or unit (role `unit`) the key is limited to.
    public var scopeId: Int64?

    /// How the ledger records changes made with this key.
    var author: String { "key:\(keyId)" }

    /// Whether the caller may see `unit`: admins everything, a commune its units, a unit itself.
    func canRead(_ unit: CommuneUnit) -> Bool {
        switch role {
        case .admin: true
        case .commune: unit.communeId == scopeId
        case .unit: unit.id == scopeId
        }
    }

    /// Whether the caller may change `unit` and its stalls: admins, and the unit itself.
    func canManage(_ unit: CommuneUnit) -> Bool {
        role == .admin || (role == .unit && unit.id == scopeId)
    }

    /// Whether the caller may see the commune and its reports.
    func canRead(commune id: Int64) -> Bool {
        role == .admin || (role == .commune && scopeId == id)
    }

    /// 403 unless an admin.
    func requireAdmin() throws {
        guard role == .admin else { throw APIProblem(.forbidden, "only an admin key may do this") }
    }
}
