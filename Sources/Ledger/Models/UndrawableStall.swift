import Roster

/// An open stall whose stored bank account no VietQR code can carry: it does not count as
/// equipped, and its placard cannot be printed until its account is corrected.
public struct UndrawableStall: Sendable, Hashable, Codable {
    public var id: Int64
    public var marketId: Int64
    public var stall: String
    public var status: EquipmentStatus
    public var bankBin: String?
    public var account: String?
    /// Why the account cannot be drawn, as the rules say it.
    public var reason: String

    public init(
        id: Int64,
        marketId: Int64,
        stall: String,
        status: EquipmentStatus,
        bankBin: String?,
        account: String?,
        reason: String
    ) {
        self.id = id
        self.marketId = marketId
        self.stall = stall
        self.status = status
        self.bankBin = bankBin
        self.account = account
        self.reason = reason
    }
}
