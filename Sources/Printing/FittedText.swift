/// How one text of a placard is set: the largest size, the smallest it may shrink to, the
/// weight, how many lines it may wrap to, and how its lines align (centred unless told).
struct TextStyle: Sendable {
    var size: Double
    var minimumSize: Double
    var bold: Bool
    var maxLines: Int
    var alignment: TextAlignment = .centre

    /// Height of one line at `size`: Noto Sans's ascent plus descent (1.069 + 0.293 em).
    static func lineHeight(_ size: Double) -> Double { size * 1.362 }

    /// The most height the text can take.
    var maximumHeight: Double { Double(maxLines) * TextStyle.lineHeight(size) }
}

/// Where the lines of a text go within its width.
enum TextAlignment: Sendable, Hashable {
    case left, centre, right
}

/// A text laid out to fit a width in a few lines: at its style's size when it fits, smaller
/// when not, and cut short with "…" only when even the smallest size does not fit.
struct FittedText {
    /// The pango layout, ready to draw.
    let layout: TextLayout
    /// The text as laid out (NFC).
    let text: String
    /// The font size chosen, in units.
    let size: Double
    /// Line boxes and glyph ink, from the layout's top left corner.
    let logical: Box, ink: Box
    /// Whether the text had to be cut short.
    let isEllipsized: Bool

    /// Fits `text` (already in NFC) to `width` units in `style`, or reports the characters no
    /// font has.
    init(_ text: String, style: TextStyle, width: Double, typesetter: Typesetter) throws(UnrenderableText) {
        let layout = TextLayout(typesetter: typesetter)
        layout.setText(text)
        layout.setAlignment(style.alignment)
        layout.setFont(size: style.size, bold: style.bold, in: typesetter)
        layout.setWidth(width)
        guard layout.unknownGlyphCount == 0 else { throw UnrenderableText() }
        var size = style.size
        if layout.lineCount > style.maxLines {
            // Start from the size at which the text, on one line, would fill the lines allowed
            // (a little less for what wrapping at word boundaries wastes), then step down.
            layout.setWidth(nil)
            let natural = layout.extents.logical.width
            let filling = Double(style.maxLines) * width * (style.maxLines == 1 ? 0.999 : 0.92)
            size = min(style.size, max(style.minimumSize, style.size * filling / natural))
            layout.setWidth(width)
            layout.setFont(size: size, bold: style.bold, in: typesetter)
            while layout.lineCount > style.maxLines, size > style.minimumSize {
                size = max(style.minimumSize, size * 0.94)
                layout.setFont(size: size, bold: style.bold, in: typesetter)
            }
            if layout.lineCount > style.maxLines { layout.limitLines(to: style.maxLines) }
        }
        let extents = layout.extents
        self.layout = layout
        self.text = text
        self.size = size
        self.logical = extents.logical
        self.ink = extents.ink
        self.isEllipsized = layout.isEllipsized
    }

    /// Thrown when a text has characters no installed font can draw.
    struct UnrenderableText: Error {}
}
