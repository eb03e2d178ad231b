import CCairo

/// The one owner of a pango context (fonts, shaping) and the font description it reuses,
/// set up so that text measures the same on a PDF and an image and at any scale: no hinting,
/// glyph positions not rounded, the identity matrix. Lengths are in user-space units of
/// the canvas, whatever its current transformation.
final class Typesetter {
    /// The pango context, for ``TextLayout``.
    let context: OpaquePointer
    private let font: OpaquePointer

    /// The families asked for, in order: Noto Sans covers Vietnamese fully; DejaVu Sans is the
    /// fallback Debian always has. fontconfig falls back further, glyph by glyph.
    static let families = "Noto Sans, DejaVu Sans"

    init(canvas: Canvas) {
        context = pango_cairo_create_context(canvas.context)
        pango_context_set_matrix(context, nil)
        pango_context_set_round_glyph_positions(context, 0)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        font = pango_font_description_from_string(Typesetter.families)
    }

    deinit {
        pango_font_description_free(font)
        g_object_unref(UnsafeMutableRawPointer(context))
    }

    /// Runs `body` with the font description set to `size` units and the weight asked for.
    func withFont<T>(size: Double, bold: Bool, _ body: (OpaquePointer) -> T) -> T {
        pango_font_description_set_absolute_size(font, size * Double(PANGO_SCALE))
        pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        return body(font)
    }
}
