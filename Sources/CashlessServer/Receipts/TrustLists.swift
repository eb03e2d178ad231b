import Foundation
import Ledger
import Receipts

/// The trust list of a deployment: every unit key the ledger has registered, with its unit's
/// name, tax code and address, signed with the root key of `keys`.
public func trustList(ledger: Ledger, keys: KeyStore, now: Date = Date()) async throws -> TrustList {
    let root = try keys.root()
    var entries: [TrustList.Key] = []
    var units: [Int64: CommuneUnit] = [:]
    for key in try await ledger.signingKeys() {
        let unit: CommuneUnit
        if let known = units[key.unitId] { unit = known } else { unit = try await ledger.unit(key.unitId); units[key.unitId] = unit }
        guard let alg = SignatureAlgorithm(rawValue: key.alg), let status = TrustList.Key.Status(rawValue: key.status.rawValue) else {
            throw KeyStoreError("the ledger holds key \(key.kid) with algorithm '\(key.alg)', which no verifier knows")
        }
        entries.append(TrustList.Key(kid: key.kid, alg: alg, publicKeyPem: key.publicKeyPem, unitId: unit.id, unitName: unit.name,
                                     taxCode: unit.taxCode, address: unit.address, status: status,
                                     validFrom: key.validFrom.vietnamISO8601, validTo: key.validTo?.vietnamISO8601))
    }
    var list = TrustList(issuedAt: now.vietnamISO8601, keys: entries, root: root.publicKey)
    try list.sign(with: root)
    return list
}
