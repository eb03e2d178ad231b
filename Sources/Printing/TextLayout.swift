import CCairo

/// The one owner of a pango layout: one paragraph of text, centred (or aligned as set), wrapped at word (or, for a
/// word too long, character) boundaries within a width.
final class TextLayout {
    private let layout: OpaquePointer

    /// An empty layout for `typesetter`'s context.
    init(typesetter: Typesetter) {
        layout = pango_layout_new(typesetter.context)
        pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_single_paragraph_mode(layout, 1)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    /// Sets the text, in NFC.
    func setText(_ text: String) {
        pango_layout_set_text(layout, text, -1)
    }

    /// Aligns the lines left, centred or right within the width.
    func setAlignment(_ alignment: TextAlignment) {
        let pangoAlignment =
            switch alignment {
            case .left: PANGO_ALIGN_LEFT
            case .centre: PANGO_ALIGN_CENTER
            case .right: PANGO_ALIGN_RIGHT
            }
        pango_layout_set_alignment(layout, pangoAlignment)
    }

    /// Sets the font size in units, and the weight.
    func setFont(size: Double, bold: Bool, in typesetter: Typesetter) {
        typesetter.withFont(size: size, bold: bold) { pango_layout_set_font_description(layout, $0) }
    }

    /// Wraps lines at `width` units, or not at all for `nil`.
    func setWidth(_ width: Double?) {
        pango_layout_set_width(layout, width.map { Int32(($0 * Double(PANGO_SCALE)).rounded(.down)) } ?? -1)
    }

    /// Shows at most `lines` lines, ending the last with "…" when text is left over; `nil`
    /// shows every line.
    func limitLines(to lines: Int?) {
        if let lines {
            pango_layout_set_height(layout, -Int32(lines))
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
        } else {
            pango_layout_set_height(layout, -1)
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE)
        }
    }

    /// How many lines the text takes.
    var lineCount: Int { Int(pango_layout_get_line_count(layout)) }

    /// Whether some text was left out for ``limitLines(to:)``.
    var isEllipsized: Bool { pango_layout_is_ellipsized(layout) != 0 }

    /// Characters no font could draw (each would print as a box).
    var unknownGlyphCount: Int { Int(pango_layout_get_unknown_glyphs_count(layout)) }

    /// The logical box (line heights, advance widths) and the ink box (what glyphs cover),
    /// in units from the layout's top left corner.
    var extents: (logical: Box, ink: Box) {
        var ink = PangoRectangle()
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        return (Box(logical), Box(ink))
    }

    /// Draws the text with its top left corner at (`x`, `y`).
    func draw(on canvas: Canvas, x: Double, y: Double) {
        cairo_move_to(canvas.context, x, y)
        pango_cairo_show_layout(canvas.context, layout)
    }
}

extension Box {
    /// A pango rectangle, in pango units (1/1024), as a box in units.
    init(_ rectangle: PangoRectangle) {
        let scale = Double(PANGO_SCALE)
        self.init(
            x: Double(rectangle.x) / scale,
            y: Double(rectangle.y) / scale,
            width: Double(rectangle.width) / scale,
            height: Double(rectangle.height) / scale
        )
    }
}
