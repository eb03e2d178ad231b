/// The targets of a commune's cashless criteria (each a share from 0 to 1).
/// Defaults come from `Config/criteria.json`; a commune may have its own.
public struct Targets: Sendable, Hashable, Codable {
    /// Equipped share each market must reach (stalls displaying their code ÷ open stalls).
    public var marketEquipped: Double
    /// Share of the commune's schools that collect fees by QR (have a collecting account).
    public var schoolsCollectByQR: Double
    /// Share of the commune's clinics that collect fees by QR.
    public var clinicsCollectByQR: Double
    /// Share of fees (in đồng) collected cashless, once receipts are issued.
    public var feesCashless: Double

    public init(marketEquipped: Double, schoolsCollectByQR: Double, clinicsCollectByQR: Double, feesCashless: Double) {
        self.marketEquipped = marketEquipped
        self.schoolsCollectByQR = schoolsCollectByQR
        self.clinicsCollectByQR = clinicsCollectByQR
        self.feesCashless = feesCashless
    }

    /// Targets that are not shares (below 0 or above 1), by name; empty when all are fine.
    public var outOfRange: [String] {
        [
            ("marketEquipped", marketEquipped), ("schoolsCollectByQR", schoolsCollectByQR),
            ("clinicsCollectByQR", clinicsCollectByQR), ("feesCashless", feesCashless),
        ]
        .filter { !(0...1).contains($0.1) }.map(\.0)
    }
}
