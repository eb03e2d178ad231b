import Foundation

/// A change of a bank account payments go to: a stall's (``vendorId`` set) or a unit's own
/// (a school's, a clinic's). Kept for the commune to see who redirected money, and when.
public struct BankAccountChange: Sendable, Hashable, Codable, Identifiable {
    public let id: Int64
    /// The commune of the unit.
    public let communeId: Int64
    /// The unit whose account changed, or the market of the stall whose account changed.
    public let unitId: Int64
    /// The stall whose account changed; nil for the unit's own account.
    public let vendorId: Int64?
    /// The stall's code at the time of the change.
    public let stall: String?
    /// The account before the change (nil fields where it had none).
    public let oldBankBin: String?
    public let oldAccount: String?
    public let oldHolder: String?
    /// The account after the change.
    public let newBankBin: String?
    public let newAccount: String?
    public let newHolder: String?
    public let changedAt: Date
    /// Who made it: `key:12`, or `user:hoa.nt` for a person signed in to the pages.
    public let changedBy: String
}

/// Which bank account changes to list.
public struct BankAccountChangeFilter: Sendable, Hashable {
    /// Only those of this unit (for a market: its stalls' changes too).
    public var unitId: Int64?

    public init(unitId: Int64? = nil) {
        self.unitId = unitId
    }
}
