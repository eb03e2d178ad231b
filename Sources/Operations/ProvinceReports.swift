import Adoption
import Ledger

/// A province's cashless report and history from what the ledger keeps of its communes.
extension Reports {
    /// A commune's numbers for its province's report: its criteria, as its own report computes
    /// them, its equipped share over all its markets and its cashless shares by count and value.
    public static func tally(of standing: CommuneStanding, targets: Targets) -> CommuneTally {
        CommuneTally(
            communeId: standing.commune.id,
            name: standing.commune.name,
            criteria: criteria(of: standing, targets: targets),
            equipped: standing.stalls.map { MarketAdoption(stalls: $0.stalls).equipped }.reduce(.empty, +),
            cashlessByCount: Share(standing.receipts.cashless, of: standing.receipts.total),
            cashlessByValue: Share(Int(standing.fees.cashless), of: Int(standing.fees.total))
        )
    }

    /// The report of a province standing as `standing` says, against `targets`.
    public static func province(_ standing: ProvinceStanding, targets: Targets) -> ProvinceReport {
        ProvinceReport(communes: standing.communes.map { tally(of: $0, targets: targets) })
    }

    /// The province's months from its communes' months.
    public static func history(_ communes: [CommuneMonths], months: [Month]) -> ProvinceHistory {
        ProvinceHistory(
            months: months.map(\.description),
            communes: communes.map { commune in
                CommuneHistory(
                    communeId: commune.communeId,
                    months: zip(commune.stalls, commune.fees).map { stalls, fees in
                        MonthShares(
                            month: stalls.month.description,
                            equipped: stalls.markets.map { MarketAdoption(stalls: $0.stalls).equipped }.reduce(.empty, +),
                            cashlessByCount: Share(fees.receipts.cashless, of: fees.receipts.total),
                            cashlessByValue: Share(Int(fees.amounts.cashless), of: Int(fees.amounts.total))
                        )
                    }
                )
            }
        )
    }
}
