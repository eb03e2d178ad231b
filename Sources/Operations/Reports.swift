import Adoption
import Ledger

/// The commune's cashless criteria from what the ledger keeps of it.
public enum Reports {
    /// The criteria of a commune standing as `standing` says, against `targets`.
    public static func criteria(of standing: CommuneStanding, targets: Targets) -> [Criterion] {
        let counts = Dictionary(uniqueKeysWithValues: standing.stalls.map { ($0.marketId, $0.stalls) })
        let units = standing.units.map { unit in
            UnitStanding(
                id: unit.id,
                kind: UnitStanding.Kind(rawValue: unit.kind.rawValue) ?? .other,
                name: unit.name,
                collectsByQR: unit.bankBin != nil && unit.bankAccount != nil,
                adoption: unit.kind == .market ? MarketAdoption(stalls: counts[unit.id] ?? [:]) : nil
            )
        }
        // Fees collected cashless, in đồng: counted where the commune has a school or clinic, or any receipt.
        let totals = standing.fees
        let billing = units.contains { $0.kind == .school || $0.kind == .clinic } || totals.total > 0
        let fees = billing ? Share(Int(totals.cashless), of: Int(totals.total)) : nil
        return CashlessCriteria.evaluate(units: units, fees: fees, targets: targets)
    }
}
