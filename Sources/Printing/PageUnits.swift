/// Conversions between the units pages are measured in.
enum PageUnits {
    /// PDF points (1/72 inch) in a millimetre.
    static let pointsPerMillimetre = 72 / 25.4
}
