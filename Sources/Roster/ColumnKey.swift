import VietQR

/// Text reduced for matching what people type: ASCII-folded, lowercase, letters and digits only,
/// so "Số tài khoản", "so_tai_khoan" and "SO TAI KHOAN" meet.
public struct ColumnKey: Hashable, Sendable {
    /// The reduced text: `sotaikhoan`.
    public let text: String

    /// Reduces `raw`, a column title or a value someone typed.
    public init(_ raw: String) {
        text = String(
            ASCIIFolding.fold(raw).lowercased().unicodeScalars.filter {
                ("a"..."z").contains($0) || ("0"..."9").contains($0)
            }.map(Character.init)
        )
    }
}
