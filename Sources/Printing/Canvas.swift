import CCairo
import QRCode

/// The one owner of a cairo surface and its drawing context: a PDF written into memory, or a
/// white image. Both are destroyed with the canvas. Only this type and ``Typesetter`` and
/// ``TextLayout`` see cairo or pango pointers.
///
/// User space starts in PDF points (1/72 inch) for both kinds, so one drawing serves both.
final class Canvas {
    /// The cairo context, for ``Typesetter`` and ``TextLayout``.
    let context: OpaquePointer
    private let surface: OpaquePointer
    private let sink: ByteSink?
    private let isPDF: Bool

    /// What cairo writes, collected in memory.
    private final class ByteSink {
        var bytes: [UInt8] = []
    }

    /// cairo's write callback: appends to the ``ByteSink`` passed as its closure.
    private static let write: cairo_write_func_t = { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }

    private init(surface: OpaquePointer, sink: ByteSink?, isPDF: Bool) throws(PrintingError) {
        self.surface = surface
        self.sink = sink
        self.isPDF = isPDF
        context = cairo_create(surface)
        try check()
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// A PDF document whose first page is `width` × `height` points, titled `title`.
    static func pdf(width: Double, height: Double, title: String) throws(PrintingError) -> Canvas {
        let sink = ByteSink()
        let surface = cairo_pdf_surface_create_for_stream(write, Unmanaged.passUnretained(sink).toOpaque(), width, height)!
        let canvas = try Canvas(surface: surface, sink: sink, isPDF: true)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Cashless")
        return canvas
    }

    /// A white image of `width` × `height` pixels at `dotsPerInch`, 8-bit gray.
    ///
    /// cairo has no gray format, so the image is an alpha-only surface, which cairo writes to
    /// PNG as gray: it starts opaque (white), and everything is drawn with the `DEST_OUT`
    /// operator, so ink takes away whiteness (black where it covers, grey at its antialiased
    /// edges), whatever its colour.
    static func image(width: Int, height: Int, dotsPerInch: Double) throws(PrintingError) -> Canvas {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(width), Int32(height))!
        let canvas = try Canvas(surface: surface, sink: nil, isPDF: false)
        cairo_paint(canvas.context)
        cairo_set_operator(canvas.context, CAIRO_OPERATOR_DEST_OUT)
        cairo_scale(canvas.context, dotsPerInch / 72, dotsPerInch / 72)
        return canvas
    }

    /// Sets the size of the PDF page about to be drawn (before anything is drawn on it).
    func setPageSize(width: Double, height: Double) {
        precondition(isPDF, "only a PDF has pages")
        cairo_pdf_surface_set_size(surface, width, height)
    }

    /// Ends the current PDF page; drawing goes on on a new one.
    func endPage() throws(PrintingError) {
        cairo_show_page(context)
        try check()
    }

    /// Runs `body` with the transformation, colour and line settings saved, then restores them.
    func withSavedState<T>(_ body: () throws(PrintingError) -> T) throws(PrintingError) -> T {
        cairo_save(context)
        defer { cairo_restore(context) }
        return try body()
    }

    /// Moves the origin to (`x`, `y`).
    func translate(x: Double, y: Double) { cairo_translate(context, x, y) }

    /// Scales user space by `factor` in both directions.
    func scale(_ factor: Double) { cairo_scale(context, factor, factor) }

    /// Sets the colour of what is drawn next: 0 is black, 1 white.
    func setGray(_ level: Double) { cairo_set_source_rgb(context, level, level, level) }

    /// Strokes a rectangle with rounded corners.
    func strokeRoundedRectangle(x: Double, y: Double, width: Double, height: Double, radius: Double, lineWidth: Double) {
        let right = x + width
        let bottom = y + height
        cairo_new_path(context)
        cairo_arc(context, right - radius, y + radius, radius, -.pi / 2, 0)
        cairo_arc(context, right - radius, bottom - radius, radius, 0, .pi / 2)
        cairo_arc(context, x + radius, bottom - radius, radius, .pi / 2, .pi)
        cairo_arc(context, x + radius, y + radius, radius, .pi, 3 * .pi / 2)
        cairo_close_path(context)
        cairo_set_line_width(context, lineWidth)
        cairo_stroke(context)
    }

    /// Strokes straight segments, each from one point to another, as one path.
    func strokeSegments(_ segments: [(from: (x: Double, y: Double), to: (x: Double, y: Double))], lineWidth: Double) {
        cairo_new_path(context)
        for segment in segments {
            cairo_move_to(context, segment.from.x, segment.from.y)
            cairo_line_to(context, segment.to.x, segment.to.y)
        }
        cairo_set_line_width(context, lineWidth)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_BUTT)
        cairo_stroke(context)
    }

    /// Draws a QR symbol `side` modules wide as vector art, its top left corner at (`x`, `y`)
    /// and each module `moduleSize` wide: its covering `bars` as one path of one-module-thick
    /// strokes, stroked at once (so no hairline seams between them). The path is recorded one
    /// unit per module and painted scaled, so a PDF holds it as a form of small whole numbers.
    func drawModules(_ bars: [QRMatrix.Bar], side: Int, x: Double, y: Double, moduleSize: Double) {
        var extents = cairo_rectangle_t(x: 0, y: 0, width: Double(side), height: Double(side))
        let recording = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents)!
        defer { cairo_surface_destroy(recording) }
        let pen = cairo_create(recording)!
        defer { cairo_destroy(pen) }
        for bar in bars {
            let row = Double(bar.row)
            let column = Double(bar.column)
            let length = Double(bar.length)
            switch bar.direction {
            case .horizontal:
                cairo_move_to(pen, column, row + 0.5)
                cairo_line_to(pen, column + length, row + 0.5)
            case .vertical:
                cairo_move_to(pen, column + 0.5, row)
                cairo_line_to(pen, column + 0.5, row + length)
            }
        }
        cairo_set_line_width(pen, 1)
        cairo_set_line_cap(pen, CAIRO_LINE_CAP_BUTT)
        cairo_stroke(pen)

        cairo_save(context)
        defer { cairo_restore(context) }
        cairo_translate(context, x, y)
        cairo_scale(context, moduleSize, moduleSize)
        cairo_set_source_surface(context, recording, 0, 0)
        cairo_paint(context)
    }

    /// Finishes the PDF and returns its bytes.
    func finishPDF() throws(PrintingError) -> [UInt8] {
        precondition(isPDF, "only a PDF is finished this way")
        cairo_surface_finish(surface)
        try check(cairo_surface_status(surface))
        return sink!.bytes
    }

    /// The image as PNG bytes.
    func png() throws(PrintingError) -> [UInt8] {
        precondition(!isPDF, "only an image is a PNG")
        cairo_surface_flush(surface)
        let sink = ByteSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, Canvas.write, Unmanaged.passUnretained(sink).toOpaque())
        }
        try check(status)
        return sink.bytes
    }

    /// Throws cairo's message when the context, or `status`, is an error.
    func check(_ status: cairo_status_t? = nil) throws(PrintingError) {
        let status = status ?? cairo_status(context)
        guard status != CAIRO_STATUS_SUCCESS else { return }
        throw .cairo(String(cString: cairo_status_to_string(status)))
    }
}
