import Foundation
import Ledger
import Receipts

/// The trust list of a deployment: every unit key the ledger has registered, with its unit's
/// name, tax code and address, its standing (active, verify-only, revoked), its validity and when
/// it was revoked and why, signed with the deployment's `root` key. Read from the ledger at every
/// call, so a revocation recorded through any server is in the next list.
public func trustList(ledger: Ledger, root: SigningKey, now: Date = Date()) async throws -> TrustList {
    var list = try await unsignedTrustList(ledger: ledger, root: root.publicKey, now: now)
    try list.sign(with: root)
    return list
}

/// The trust list's entries as ``trustList(ledger:root:now:)`` lists them, unsigned: what the
/// server's own verifier reads (it trusts its ledger; only lists handed out are signed). With
/// `kid`, only the keys of that id: all a verifier consults for a seal that names it. Two queries,
/// however many keys.
public func unsignedTrustList(ledger: Ledger, root: PublicKey, kid: String? = nil, now: Date = Date()) async throws -> TrustList {
    let keys = try await ledger.signingKeys(kid: kid)
    let units = try await ledger.units(keys.map(\.unitId))
    var entries: [TrustList.Key] = []
    for key in keys {
        guard let unit = units[key.unitId] else { throw LedgerError.notFound(.unit, id: key.unitId) }
        guard let alg = SignatureAlgorithm(rawValue: key.alg), let status = TrustList.Key.Status(rawValue: key.status.rawValue) else {
            throw KeyStoreError("the ledger holds key \(key.kid) with algorithm '\(key.alg)', which no verifier knows")
        }
        entries.append(
            TrustList.Key(
                kid: key.kid,
                alg: alg,
                publicKeyPem: key.publicKeyPem,
                unitId: unit.id,
                unitName: unit.name,
                taxCode: unit.taxCode,
                address: unit.address,
                status: status,
                validFrom: key.validFrom.vietnamISO8601,
                validTo: key.validTo?.vietnamISO8601,
                revokedAt: key.revokedAt?.vietnamISO8601,
                revocationReason: key.revocationReason.flatMap { TrustList.Key.RevocationReason(rawValue: $0.rawValue) }
            )
        )
    }
    return TrustList(issuedAt: now.vietnamISO8601, keys: entries, root: root)
}

/// The status list of unit `unitId` (for `series`, or every series): its receipts that were
/// replaced or adjusted and by which receipt, signed with the deployment's `root` key.
public func statusList(
    ledger: Ledger,
    unit unitId: Int64,
    series: String?,
    root: SigningKey,
    now: Date = Date()
) async throws -> StatusList {
    var list = try await unsignedStatusList(ledger: ledger, unit: unitId, series: series, root: root.publicKey, now: now)
    try list.sign(with: root)
    return list
}

/// The status list's entries, unsigned, for the server's own verifier.
public func unsignedStatusList(
    ledger: Ledger,
    unit unitId: Int64,
    series: String?,
    root: PublicKey,
    now: Date = Date()
) async throws -> StatusList {
    let entries = try await ledger.supersededReceipts(unit: unitId, series: series).map { old in
        StatusList.Entry(
            formCode: old.formCode,
            series: old.series,
            number: old.number,
            status: old.status == .adjusted ? .adjusted : .replaced,
            by: "\(old.byFormCode) \(old.bySeries) \(ReceiptNumbering.padded(old.byNumber))"
        )
    }
    return StatusList(unitId: unitId, series: series, issuedAt: now.vietnamISO8601, entries: entries, root: root)
}
