import Foundation
import VietQR

/// One-line text a person typed (names, fee types, stall codes, labels): the rule every door
/// applies. Surrounding white space is trimmed and the text precomposed (NFC), so that a name
/// typed on a phone and the same name from a spreadsheet are stored alike; then it must hold no
/// control character, no bidirectional override, no pile of combining marks, and fit its limit,
/// counted in Unicode scalars (what EMV lengths count) and, where given, in UTF-8 bytes (what a
/// seal or a payment code will occupy).
public enum Text {
    /// `value` trimmed and precomposed.
    public static func clean(_ value: String) -> String {
        ASCIIFolding.precomposed(value.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Why the cleaned `text` is refused, or nil when it is fine. Emptiness is the caller's rule.
    public static func check(_ text: String, limit: Int, bytes: Int? = nil) -> Refusal? {
        var count = 0
        var marks = 0
        for scalar in text.unicodeScalars {
            count += 1
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator:
                return Refusal(.controlCharacter, "has a control character (\(codePoint(scalar))) at character \(count)")
            case .nonspacingMark, .spacingMark, .enclosingMark:
                marks += 1
                if marks > 2 {
                    return Refusal(.combiningMarks, "has more than two accents on one letter at character \(count)")
                }
                continue
            default:
                if bidiControls.contains(scalar.value) {
                    return Refusal(.bidiControl, "has a text-direction control (\(codePoint(scalar))) at character \(count)")
                }
            }
            marks = 0
        }
        if count > limit { return Refusal(.tooLong, "has \(count) characters; at most \(limit) fit") }
        if let bytes, text.utf8.count > bytes {
            return Refusal(.tooLong, "takes \(text.utf8.count) bytes; at most \(bytes) fit")
        }
        return nil
    }

    /// U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069: marks, embeddings, overrides, isolates.
    private static let bidiControls: Set<UInt32> = [
        0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
        0x2066, 0x2067, 0x2068, 0x2069,
    ]

    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
