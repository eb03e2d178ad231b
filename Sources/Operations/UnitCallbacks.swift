import Foundation
import Ledger
import Rules

/// Each unit's messaging gateway (its Zalo OA or SMS service): the URL receipts are posted to and
/// the secret they are signed with, sealed at rest under the same key as the units' webhook
/// secrets (``HookSecrets``) and shown only when it is made.
public enum UnitCallbacks {
    /// What the sealed secret is bound to: its unit, and that it signs callbacks.
    static func purpose(unit unitId: Int64) -> String { "cashless callback secret of unit \(unitId)" }

    /// Sets unit `unitId`'s gateway to `url` (https, or http to this machine only). A new
    /// secret is made when the unit has none or `renewSecret` is true, and returned in plain text
    /// to be shown once; otherwise the secret stays and nil is returned.
    public static func set(
        url text: String,
        renewSecret: Bool,
        unit unitId: Int64,
        by author: String,
        ledger: Ledger,
        secrets: HookSecrets
    ) async throws -> (callback: UnitCallback, secret: String?) {
        let url = try checkedURL(text)
        let existing = try await ledger.unitCallback(unit: unitId)
        var secret: String?
        let sealed: String
        if let existing, !renewSecret {
            sealed = existing.sealedSecret
        } else {
            let new = BankSignature.newSecret()
            sealed = try await secrets.seal(new, purpose: purpose(unit: unitId), ledger: ledger)
            secret = new
        }
        let callback = UnitCallback(unitId: unitId, url: url, sealedSecret: sealed, updatedAt: Date(), updatedBy: author)
        try await ledger.setUnitCallback(callback)
        return (callback, secret)
    }

    /// The secret of `callback`, opened to sign a post.
    public static func secret(of callback: UnitCallback, secrets: HookSecrets) throws -> String {
        try secrets.open(callback.sealedSecret, purpose: purpose(unit: callback.unitId), unit: callback.unitId)
    }

    /// `text` as a gateway URL, or the problem with field `url`.
    public static func checkedURL(_ text: String) throws(FieldProblem) -> String {
        let url = text.trimmingCharacters(in: .whitespaces)
        guard url.count <= 500, let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty, components.user == nil
        else {
            throw FieldProblem(
                field: "url",
                reason: "must be an address such as https://zalo-gateway.example.vn/cashless (at most 500 characters, no user or password)"
            )
        }
        let loopback = host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw FieldProblem(field: "url", reason: "must start with https:// (plain http:// only to this machine: localhost, 127.0.0.1)")
        }
        return url
    }
}
