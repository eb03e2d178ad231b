/// The paper a single placard is printed on (portrait).
public enum PlacardSize: String, Sendable, Hashable, CaseIterable {
    /// A6, 105 × 148 mm: a postcard, the default.
    case a6
    /// A5, 148 × 210 mm.
    case a5

    /// The width in millimetres.
    public var width: Double { self == .a6 ? 105 : 148 }
    /// The height in millimetres.
    public var height: Double { self == .a6 ? 148 : 210 }
}
