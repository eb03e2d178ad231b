import Foundation

/// An API key as stored: its role and scope, never its text (only a SHA-256 hash of it is kept).
public struct APIKey: Sendable, Hashable, Codable, Identifiable {
    /// What a key may do.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        /// Everything.
        case admin
        /// Read everything in one commune (the scope) and its reports.
        case commune
        /// Manage one unit (the scope), e.g. a market's stalls.
        case unit
        /// Read every commune of one province (the scope), their units and reports, as a commune
        /// officer reads one commune.
        case province
    }

    /// Assigned by the ledger.
    public let id: Int64
    /// What the key may do.
    public let role: Role
    /// The commune (role commune), unit (role unit) or province (role province) the key is
    /// limited to; nil for admin keys.
    public let scopeId: Int64?
    /// When it was created.
    public let createdAt: Date
    /// When it was revoked; a revoked key no longer opens anything.
    public let revokedAt: Date?
}

/// A key just created: the stored record and the key text, which exists only here; give it to
/// its holder once and drop it. Printing the value shows the record, not the key text.
public struct IssuedKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The stored record.
    public let key: APIKey
    /// The key text for `Authorization: Bearer <secret>`: `csk_` and 43 base64url characters (256 random bits).
    public let secret: String

    /// The record, with the key text left out.
    public var description: String {
        "IssuedKey(id: \(key.id), role: \(key.role.rawValue), scopeId: \(key.scopeId.map(String.init) ?? "nil"), secret: <redacted>)"
    }

    /// The same as ``description``: the key text stays out of logs and debugger output.
    public var debugDescription: String { description }
}
