import Foundation

/// A receipt sent to its payer by one channel: queued when the receipt is issued (or when a
/// person asks again), then sent by a sender, retried with backoff, and kept as its log.
public struct Delivery: Sendable, Hashable, Codable, Identifiable {
    /// How the receipt reaches the payer.
    public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
        /// An email with the receipt's PDF, to the bill's `payerEmail`.
        case email
        /// A signed JSON POST to the unit's gateway (Zalo OA, SMS), for the bill's `payerPhone`.
        case callback
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waits for its next attempt (``nextAttemptAt``).
        case queued
        /// A sender holds it (until its lease ends: a sender that died leaves it to another).
        case sending
        /// The mail server or the gateway took it.
        case sent
        /// Given up: refused for good, or every attempt failed; ``lastError`` says why.
        case failed
    }

    public let id: Int64
    public let unitId: Int64
    public let receiptId: Int64
    public let billId: Int64?
    public let channel: Channel
    /// The email address or the phone number it goes to.
    public let target: String
    public var status: Status
    /// Attempts made so far.
    public var attempts: Int64
    public var nextAttemptAt: Date
    /// Why the last attempt failed, in Vietnamese and English.
    public var lastError: String?
    public let createdAt: Date
    public var updatedAt: Date
    public var sentAt: Date?
    /// The person who asked for it again; nil for the delivery the receipt's issue queued.
    public let requestedBy: String?
}

/// A delivery claimed by a sender: it alone may record its outcome (``Ledger/finishDelivery(_:_:)``)
/// while its lease lasts.
public struct ClaimedDelivery: Sendable, Hashable {
    public var delivery: Delivery
    /// The claim's token, checked when the outcome is recorded.
    public var lease: String
}

/// What became of an attempt.
public enum DeliveryOutcome: Sendable, Hashable {
    /// Taken by the server or gateway.
    case sent
    /// Failed for now: tried again at `at`.
    case retry(at: Date, reason: String)
    /// Failed for good.
    case failed(reason: String)
}

/// A unit's messaging gateway: where receipts for payers with a phone are posted, and the secret
/// they are signed with, as stored (sealed).
public struct UnitCallback: Sendable, Hashable {
    public var unitId: Int64
    public var url: String
    /// Sealed (``Accounts/SealedSecret``); opened only to sign.
    public var sealedSecret: String
    public var updatedAt: Date
    public var updatedBy: String

    public init(unitId: Int64, url: String, sealedSecret: String, updatedAt: Date, updatedBy: String) {
        self.unitId = unitId
        self.url = url
        self.sealedSecret = sealedSecret
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}
