/// A market, school or clinic as the criteria see it.
public struct UnitStanding: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable { case market, school, clinic, other }

    public var id: Int64
    public var kind: Kind
    public var name: String
    /// Whether the unit has an account that fees can be paid into by QR.
    public var collectsByQR: Bool
    /// For a market: its stalls.
    public var adoption: MarketAdoption?

    public init(id: Int64, kind: Kind, name: String, collectsByQR: Bool, adoption: MarketAdoption? = nil) {
        self.id = id
        self.kind = kind
        self.name = name
        self.collectsByQR = collectsByQR
        self.adoption = adoption
    }
}

/// One criterion of a commune: its value, its target, whether it is met, and what it is computed from.
public struct Criterion: Sendable, Hashable, Codable {
    /// Stable identifier: `market_equipped`, `schools_collect_by_qr`, `clinics_collect_by_qr`, `fees_cashless`.
    public var id: String
    /// What it is about, in Vietnamese: "Chợ Điện Biên: quầy treo mã QR".
    public var title: String
    /// The market the criterion is about, for `market_equipped`.
    public var unitId: Int64?
    public var value: Share
    public var target: Double
    public var met: Bool
    /// What the share counts, in Vietnamese: "70 quầy treo mã QR / 100 quầy đang hoạt động".
    public var computedFrom: String

    public init(id: String, title: String, unitId: Int64?, value: Share, target: Double, met: Bool, computedFrom: String) {
        self.id = id
        self.title = title
        self.unitId = unitId
        self.value = value
        self.target = target
        self.met = met
        self.computedFrom = computedFrom
    }
}

/// The "3 không" cashless criteria of a commune, computed from counts only.
public enum CashlessCriteria {
    /// Every criterion: one per market (equipped share), schools and clinics collecting by QR
    /// (when the commune has any), and fees collected cashless when `fees` is given
    /// (đồng collected cashless of all đồng collected).
    public static func evaluate(units: [UnitStanding], fees: Share? = nil, targets: Targets) -> [Criterion] {
        var criteria: [Criterion] = []
        for market in units where market.kind == .market {
            let adoption = market.adoption ?? MarketAdoption(stalls: [:])
            let share = adoption.equipped
            criteria.append(
                Criterion(
                    id: "market_equipped",
                    title: "\(market.name): quầy treo mã QR",
                    unitId: market.id,
                    value: share,
                    target: targets.marketEquipped,
                    met: share.reaches(targets.marketEquipped),
                    computedFrom: "\(count(share.numerator)) quầy treo mã QR / \(count(share.denominator)) quầy đang hoạt động"
                )
            )
        }
        for (kind, id, noun, target) in [
            (UnitStanding.Kind.school, "schools_collect_by_qr", "trường học", targets.schoolsCollectByQR),
            (.clinic, "clinics_collect_by_qr", "cơ sở y tế", targets.clinicsCollectByQR),
        ] {
            let all = units.filter { $0.kind == kind }
            guard !all.isEmpty else { continue }
            let share = Share(all.filter(\.collectsByQR).count, of: all.count)
            criteria.append(
                Criterion(
                    id: id,
                    title: "Tỷ lệ \(noun) thu phí qua mã QR",
                    unitId: nil,
                    value: share,
                    target: target,
                    met: share.reaches(target),
                    computedFrom: "\(count(share.numerator)) \(noun) có tài khoản thu qua mã QR / \(count(share.denominator)) \(noun)"
                )
            )
        }
        if let fees {
            criteria.append(
                Criterion(
                    id: "fees_cashless",
                    title: "Tỷ lệ phí, lệ phí thu không dùng tiền mặt",
                    unitId: nil,
                    value: fees,
                    target: targets.feesCashless,
                    met: fees.reaches(targets.feesCashless),
                    computedFrom: "\(count(fees.numerator)) đồng thu không dùng tiền mặt / \(count(fees.denominator)) đồng đã thu"
                )
            )
        }
        return criteria
    }

    /// A count as people read it: `2.535.000`.
    private static func count(_ value: Int) -> String { VietnameseNumber.grouped(Int64(value)) }
}
