/// The paper a receipt is printed on.
public enum ReceiptPaper: String, Sendable, CaseIterable {
    /// A5 portrait, 148 × 210 mm, for an office printer.
    case a5
    /// A 58 mm thermal roll (48 mm printable): the page is as long as the receipt.
    case roll58mm

    /// The page's width in millimetres.
    public var width: Double { self == .a5 ? 148 : 58 }
    /// The page's height in millimetres, or `nil` when it grows with the content.
    public var fixedHeight: Double? { self == .a5 ? 210 : nil }
}
