import Foundation
import Ledger
import Receipts
import Rules
import VietnamCalendar

/// Revoking a unit's sealing key, the same from the command line (`cashless keys revoke`) and the
/// API (`POST /v1/signing-keys/{kid}/revoke`); and what the server's own verifier adds for a key
/// revoked as compromised.
public enum KeyRevocation {
    /// Revokes the key `kid` for `reason` (`compromised` when nil) from the time `at` writes (now
    /// when nil), as recorded by `author` (``Ledger/Ledger/revokeSigningKey(kid:reason:at:by:)``);
    /// nil when no key has that kid. Throws a ``Rules/FieldProblem`` at `reason` or `at` for a
    /// value it cannot take.
    public static func revoke(kid: String, reason: String?, at: String?, by author: String, ledger: Ledger) async throws -> IssuerKey? {
        var why = IssuerKey.RevocationReason.compromised
        if let reason { why = try Self.reason(reason) }
        var time: Date?
        if let at { time = try Self.time(at, field: "at") }
        return try await ledger.revokeSigningKey(kid: kid, reason: why, at: time, by: author)
    }

    /// `compromised` or `superseded`.
    public static func reason(_ text: String) throws(FieldProblem) -> IssuerKey.RevocationReason {
        guard let reason = IssuerKey.RevocationReason(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw FieldProblem(field: "reason", reason: "is compromised or superseded, not '\(text)'")
        }
        return reason
    }

    /// A time written in ISO 8601: `2026-11-20T08:00:00+07:00`, `2026-11-20T01:00:00Z`, or without
    /// an offset in Vietnam time (`2026-11-20T08:00`, `2026-11-20 08:00`, `2026-11-20` for its midnight).
    public static func time(_ text: String, field: String) throws(FieldProblem) -> Date {
        let written = text.trimmingCharacters(in: .whitespaces)
        let shape = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/
        let problem = FieldProblem(
            field: field,
            code: .invalidDate,
            reason: "'\(text)' is not a time written as 2026-11-20T08:00:00+07:00 (or 2026-11-20 08:00, Vietnam time)"
        )
        guard let match = written.wholeMatch(of: shape) else { throw problem }
        let zone: TimeZone?
        switch match.7.map(String.init) {
        case nil: zone = .vietnam
        case "Z"?: zone = TimeZone(secondsFromGMT: 0)
        case let offset?:
            let digits = offset.dropFirst().filter(\.isNumber)
            let seconds = (Int(digits.prefix(2)) ?? 0) * 3600 + (Int(digits.suffix(2)) ?? 0) * 60
            zone = seconds <= 14 * 3600 ? TimeZone(secondsFromGMT: offset.hasPrefix("-") ? -seconds : seconds) : nil
        }
        var calendar = Calendar(identifier: .gregorian)
        guard let zone else { throw problem }
        calendar.timeZone = zone
        let parts = DateComponents(
            year: Int(match.1),
            month: Int(match.2),
            day: Int(match.3),
            hour: match.4.flatMap { Int($0) } ?? 0,
            minute: match.5.flatMap { Int($0) } ?? 0,
            second: match.6.flatMap { Int($0) } ?? 0
        )
        guard (0...23).contains(parts.hour ?? 0), (0...59).contains(parts.minute ?? 0), (0...59).contains(parts.second ?? 0),
            let date = calendar.date(from: parts)
        else { throw problem }
        // A day the month does not have (2026-02-30) comes back as another day.
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == parts.year, back.month == parts.month, back.day == parts.day else { throw problem }
        return date
    }

    /// `verification` as the server gives it: a seal of a key revoked as compromised that is
    /// dated before the revocation (so an offline verifier accepts it) stands only if the ledger
    /// holds that very seal; one it does not hold was made with the stolen key and dated back.
    public static func onRecord(_ verification: SealVerifier.Verification, seal: String, ledger: Ledger) async throws -> SealVerifier.Verification {
        guard verification.verdict == .valid, let issuer = verification.issuer, issuer.revocationReason == .compromised,
            let claims = verification.claims
        else { return verification }
        let stored = try await ledger.receipt(
            unit: issuer.unitId,
            formCode: claims.documentType.formCode ?? "confirmation",
            series: claims.series,
            number: claims.number
        )
        if let stored, stored.kid == issuer.kid, stored.seal == seal.trimmingCharacters(in: .whitespacesAndNewlines) {
            return verification
        }
        var refused = verification
        refused.verdict = .revokedKey
        refused.reason =
            "the key \(issuer.kid) of \(issuer.unitName) was revoked as compromised from \(issuer.revokedAt ?? "?"), and this seal, dated before, is not one the unit issued"
        return refused
    }
}
