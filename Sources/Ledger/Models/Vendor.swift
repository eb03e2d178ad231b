import Foundation
import Roster

/// A stall in a market and the person who keeps it: the row a market board registers and
/// prints a placard for.
public struct Vendor: Sendable, Hashable, Codable, Identifiable {
    /// Assigned by the ledger.
    public let id: Int64
    /// The market (a ``CommuneUnit`` of kind market) the stall is in.
    public let marketId: Int64
    /// The stall code, unique among the market's open stalls without regard to case (`Q12`, `A-03`).
    public var stall: String
    /// The stall holder's name, with diacritics.
    public var name: String
    /// The stall holder's phone number.
    public var phone: String?
    /// The 6-digit NAPAS BIN of the stall holder's bank; present exactly when ``account`` is.
    public var bankBin: String?
    /// The account payments go to.
    public var account: String?
    /// The account holder's name, which the payer's bank app shows before the payment.
    public var holder: String?
    /// How far the stall is equipped. Every change is kept (``Ledger/statusHistory(of:)``);
    /// a stall past ``EquipmentStatus/surveyed`` has a bank, an account and a holder.
    public var status: EquipmentStatus
    /// When it was registered.
    public let createdAt: Date
    /// When the stall left the market; a closed stall is kept for the reports that counted it
    /// but is no longer counted, listed as open or changed.
    public let closedAt: Date?
    /// Who closed it.
    public let closedBy: String?
}

/// A stall to register in a market.
public struct NewVendor: Sendable, Hashable, Codable {
    /// The stall code; no open stall of the market may have it already.
    public var stall: String
    /// The stall holder's name.
    public var name: String
    /// The stall holder's phone number.
    public var phone: String?
    /// The 6-digit NAPAS BIN of the stall holder's bank.
    public var bankBin: String?
    /// The account payments go to; given exactly when `bankBin` is.
    public var account: String?
    /// The account holder's name.
    public var holder: String?
    /// Where the stall starts.
    public var status: EquipmentStatus

    /// A stall `stall` kept by `name`, with the optional details, at `status`.
    public init(
        stall: String,
        name: String,
        phone: String? = nil,
        bankBin: String? = nil,
        account: String? = nil,
        holder: String? = nil,
        status: EquipmentStatus = .surveyed
    ) {
        self.stall = stall
        self.name = name
        self.phone = phone
        self.bankBin = bankBin
        self.account = account
        self.holder = holder
        self.status = status
    }
}

/// Which stalls of a market a list holds.
public struct VendorFilter: Sendable, Hashable {
    /// Only stalls at this status.
    public var status: EquipmentStatus?
    /// Only stalls whose code or holder's name contains this text (without case or diacritics).
    public var search: String?
    /// `false`: open stalls only; `true`: closed stalls only; `nil`: both.
    public var closed: Bool?

    /// The stalls matching every given condition; by default the open stalls.
    public init(status: EquipmentStatus? = nil, search: String? = nil, closed: Bool? = false) {
        self.status = status
        self.search = search
        self.closed = closed
    }
}

/// One change of a stall's equipment status: who moved it, from where to where, and when.
public struct StatusChange: Sendable, Hashable, Codable, Identifiable {
    /// Assigned by the ledger; later changes have larger ids.
    public let id: Int64
    /// The stall.
    public let vendorId: Int64
    /// The status before; `nil` for the status the stall was registered with.
    public let from: EquipmentStatus?
    /// The status after.
    public let to: EquipmentStatus
    /// When it changed.
    public let at: Date
    /// Who changed it: whatever the caller named (an API key as `key:<id>`, a CLI user, an import).
    public let by: String
}

/// What an import did to a market's stalls.
public struct ImportSummary: Sendable, Hashable, Codable {
    /// Stalls that were not in the market (as open stalls) and were registered.
    public var created: Int
    /// Open stalls whose details or status the import changed.
    public var updated: Int
    /// Open stalls the import listed exactly as stored.
    public var unchanged: Int

    /// A summary of the given counts.
    public init(created: Int, updated: Int, unchanged: Int) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
    }
}
