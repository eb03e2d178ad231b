import Foundation
import Rules
import SQLKit

extension Ledger {
    /// Revokes the key `kid` from `at` (now when nil; never later than now), for `reason`, as
    /// recorded by `author`; nil when no key has that kid. The key seals nothing more (an active
    /// key leaves its unit without one until a new key is made) and stops at `at`: seals dated then
    /// or later are refused. A revocation is kept for good. Revoking a revoked key again only ever
    /// widens it: an earlier `at` moves its time back, `compromised` replaces `superseded`; a later
    /// time or a milder reason changes nothing, and the key is returned as it stands.
    public func revokeSigningKey(
        kid: String,
        reason: IssuerKey.RevocationReason,
        at: Date?,
        by author: String
    ) async throws -> IssuerKey? {
        try await backend.transaction(logger: logger) { database in
            guard
                let key = try await database.select().columns(Self.signingKeyColumns).from("signing_keys")
                    .where("kid", .equal, kid.lowercased()).for(.update)
                    .first(decoding: IssuerKey.self)
            else { return nil }
            // Taken with the row locked: a receipt sealed with the key meanwhile is dated before it.
            let now = self.now()
            let asked = at.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) } ?? now
            guard asked <= now else {
                throw LedgerError.invalid([
                    FieldProblem(field: "at", reason: "a revocation counts from now or a time past, not from a time to come")
                ])
            }
            let widens =
                key.revokedAt.map { asked < $0 } ?? true || (reason == .compromised && key.revocationReason != .compromised)
            guard widens else { return key }
            var revoked = key
            revoked.status = .revoked
            revoked.revokedAt = min(key.revokedAt ?? asked, asked)
            revoked.revocationReason = key.revocationReason == .compromised ? .compromised : reason
            revoked.validTo = key.validTo ?? now
            revoked.revokedBy = author
            try await database.update("signing_keys")
                .set("status", to: IssuerKey.Status.revoked.rawValue)
                .set("revoked_at", to: revoked.revokedAt)
                .set("revocation_reason", to: revoked.revocationReason?.rawValue)
                .set("valid_to", to: revoked.validTo)
                .set("revoked_by", to: revoked.revokedBy)
                .where("id", .equal, key.id)
                .run()
            logger.notice(
                "signing key revoked",
                metadata: [
                    "kid": "\(key.kid)", "reason": "\(revoked.revocationReason?.rawValue ?? "")", "at": "\(revoked.revokedAt.map { "\($0)" } ?? "")",
                    "by": "\(author)",
                ]
            )
            return revoked
        }
    }
}
