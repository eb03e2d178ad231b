import Roster

/// How far a market is equipped: its open stalls by status, and the equipped share —
/// stalls displaying their code ÷ open stalls.
public struct MarketAdoption: Sendable, Hashable, Codable {
    /// Open stalls at each status; statuses with no stall count 0.
    public var stalls: [EquipmentStatus: Int]

    public init(stalls: [EquipmentStatus: Int]) {
        self.stalls = Dictionary(uniqueKeysWithValues: EquipmentStatus.allCases.map { ($0, max(0, stalls[$0] ?? 0)) })
    }

    /// Open stalls (closed stalls are counted nowhere).
    public var open: Int { stalls.values.reduce(0, +) }

    /// Stalls displaying their code ÷ open stalls.
    public var equipped: Share { Share(stalls[.qrDisplayed] ?? 0, of: open) }

    /// A bar a person reads at a glance: "70/100 quầy — 70%".
    public var label: String {
        let share = equipped
        return "\(share.numerator)/\(share.denominator) quầy — " + (share.percent.map { "\($0)%" } ?? "chưa có quầy")
    }

    private enum CodingKeys: String, CodingKey { case stalls, open, equipped }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let counts = try container.decode([String: Int].self, forKey: .stalls)
        self.init(
            stalls: Dictionary(
                uniqueKeysWithValues: counts.compactMap { key, value in
                    EquipmentStatus(rawValue: key).map { ($0, value) }
                }
            )
        )
    }

    /// Encodes `{"stalls": {"surveyed": …, "has_account": …, …}, "open": …, "equipped": {share}}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Dictionary(uniqueKeysWithValues: stalls.map { ($0.key.rawValue, $0.value) }), forKey: .stalls)
        try container.encode(open, forKey: .open)
        try container.encode(equipped, forKey: .equipped)
    }
}
