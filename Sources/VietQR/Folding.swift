import Foundation

/// Turns Vietnamese (and other Latin) text into the printable ASCII that EMV "ans" fields require:
/// "Nguyễn Thị Hoà – Quầy 12" → "Nguyen Thi Hoa - Quay 12", đ/Đ → d/D.
///
/// Characters with no ASCII spelling (Chinese, emoji, control characters) are kept, so the
/// caller can report them instead of silently losing them.
public enum ASCIIFolding {
    /// The folded text. Plain printable ASCII is returned unchanged without any work.
    public static func fold(_ text: String) -> String {
        if isPrintableASCII(text) { return text }
        var folded = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue  // combining diacritical marks
            case 0x0110: folded.append("D")  // Đ
            case 0x0111: folded.append("d")  // đ
            case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: folded.append(" ")
            case 0x2010...0x2015, 0x2212: folded.append("-")
            case 0x2018, 0x2019, 0x201A, 0x2032: folded.append("'")
            case 0x201C, 0x201D, 0x201E, 0x2033: folded.append("\"")
            case 0x2026: folded.append(contentsOf: "...".unicodeScalars)
            default: folded.append(scalar)
            }
        }
        return String(folded)
    }

    /// The text in Unicode normalisation form C, the form whose scalar count EMV lengths use.
    public static func precomposed(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? text : text.precomposedStringWithCanonicalMapping
    }
}
