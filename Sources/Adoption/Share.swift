/// A part of a whole, kept as its two counts so a report can say what it is computed from:
/// "70 of 100 = 0.70".
public struct Share: Sendable, Hashable, Codable {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, of denominator: Int) {
        precondition(numerator >= 0 && denominator >= 0 && numerator <= denominator, "a share is a part of its whole")
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The share as a fraction, `nil` when there is nothing to count (0 of 0).
    public var value: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }

    /// Whole percent, rounded half up, as people read it: 70 of 100 → 70.
    public var percent: Int? { denominator == 0 ? nil : (numerator * 200 + denominator) / (denominator * 2) }

    /// Whether the share reaches `target` (0…1), compared exactly on the counts, not on a rounded fraction.
    /// An empty whole meets no target: a market without stalls is not "100% equipped".
    public func reaches(_ target: Double) -> Bool {
        guard denominator > 0 else { return false }
        return Double(numerator) >= target * Double(denominator) - 1e-9
    }

    /// Two shares added part to part and whole to whole.
    public static func + (lhs: Share, rhs: Share) -> Share {
        Share(lhs.numerator + rhs.numerator, of: lhs.denominator + rhs.denominator)
    }

    public static let empty = Share(0, of: 0)

    private enum CodingKeys: String, CodingKey { case numerator, denominator, value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let numerator = try container.decode(Int.self, forKey: .numerator)
        let denominator = try container.decode(Int.self, forKey: .denominator)
        guard numerator >= 0, denominator >= 0, numerator <= denominator else {
            throw DecodingError.dataCorruptedError(
                forKey: .numerator,
                in: container,
                debugDescription: "\(numerator) of \(denominator) is not a share"
            )
        }
        self.init(numerator, of: denominator)
    }

    /// Encodes `{"numerator", "denominator", "value"}`, `value` rounded to 4 decimals or `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(numerator, forKey: .numerator)
        try container.encode(denominator, forKey: .denominator)
        try container.encode(value.map { ($0 * 10_000).rounded() / 10_000 }, forKey: .value)
    }
}
