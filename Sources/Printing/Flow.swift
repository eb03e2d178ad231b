import QRCode
import VietQR

/// Texts, rules, framed bands and QR codes set one under another down a column, each text
/// fitted to the column's width (or its share of a row), in the units of the page or card
/// they are drawn on. A document builds one per column and merges them.
struct Flow<Field: Hashable & Sendable> {
    /// One text, where its layout's top left corner goes.
    struct Text {
        let field: Field?
        let fitted: FittedText
        let x: Double, y: Double

        /// Its line boxes on the page.
        var logical: Box { fitted.logical.offsetBy(dx: x, dy: y) }
        /// Its glyphs' ink on the page.
        var ink: Box { fitted.ink.offsetBy(dx: x, dy: y) }
    }

    /// A QR symbol: its top left corner and module size; the quiet zone is around it.
    struct Code {
        let code: VectorCode
        let x: Double, y: Double, moduleSize: Double

        /// The dark modules' square.
        var symbol: Box {
            let side = moduleSize * Double(code.matrix.size)
            return Box(x: x, y: y, width: side, height: side)
        }
        /// The square with its quiet zone, which nothing else may touch.
        var withQuietZone: Box {
            let zone = moduleSize * Double(QRMatrix.quietZone)
            let symbol = symbol
            return Box(x: symbol.x - zone, y: symbol.y - zone, width: symbol.width + 2 * zone, height: symbol.height + 2 * zone)
        }
    }

    /// A straight line across the column (`box.height` is its thickness), or a frame.
    struct Line {
        let box: Box
        let isFrame: Bool
        let lineWidth: Double
    }

    let x: Double, width: Double
    /// Where the next thing goes.
    private(set) var y: Double
    private(set) var texts: [Text] = []
    private(set) var codes: [Code] = []
    private(set) var lines: [Line] = []
    private let typesetter: Typesetter
    /// The error for a text of `field` that no font draws.
    private let unrenderable: (Field, String) -> PrintingError

    init(
        x: Double,
        width: Double,
        y: Double,
        typesetter: Typesetter,
        unrenderable: @escaping (Field, String) -> PrintingError
    ) {
        self.x = x
        self.width = width
        self.y = y
        self.typesetter = typesetter
        self.unrenderable = unrenderable
    }

    /// A new column beside this one, from the same height: `x` and `width` are its own.
    func column(x: Double, width: Double) -> Flow {
        Flow(x: x, width: width, y: y, typesetter: typesetter, unrenderable: unrenderable)
    }

    /// Fits `text` (made NFC) to `width` in `style`.
    private func fit(_ text: String, _ style: TextStyle, width: Double, field: Field?) throws(PrintingError) -> FittedText {
        let text = ASCIIFolding.precomposed(text)
        do {
            return try FittedText(text, style: style, width: width, typesetter: typesetter)
        } catch {
            // The document's own words fail only when no font draws Vietnamese at all.
            guard let field else { throw .noVietnameseFont }
            throw unrenderable(field, text)
        }
    }

    /// Sets `text` across the column, then leaves `gap` under it.
    mutating func text(_ text: String, _ style: TextStyle, field: Field? = nil, gap: Double = 0) throws(PrintingError) {
        let fitted = try fit(text, style, width: width, field: field)
        texts.append(Text(field: field, fitted: fitted, x: x, y: y))
        y += fitted.logical.height + gap
    }

    /// Sets two texts on one row: `left` in the column's first `leftShare`, `right` in the
    /// rest after `spacing`; the row is as high as the higher of them.
    mutating func row(
        left: String,
        _ leftStyle: TextStyle,
        right: String,
        _ rightStyle: TextStyle,
        leftShare: Double,
        spacing: Double,
        field: Field? = nil,
        gap: Double = 0
    ) throws(PrintingError) {
        let leftWidth = width * leftShare
        let first = try fit(left, leftStyle, width: leftWidth, field: field)
        let second = try fit(right, rightStyle, width: width - leftWidth - spacing, field: field)
        texts.append(Text(field: field, fitted: first, x: x, y: y))
        texts.append(Text(field: field, fitted: second, x: x + leftWidth + spacing, y: y))
        y += max(first.logical.height, second.logical.height) + gap
    }

    /// Sets `text` inside a frame across the column, `padding` from it, then leaves `gap`.
    mutating func band(_ text: String, _ style: TextStyle, padding: Double, lineWidth: Double, gap: Double = 0) throws(PrintingError) {
        let inner = lineWidth + padding
        let fitted = try fit(text, style, width: width - 2 * inner, field: nil)
        texts.append(Text(field: nil, fitted: fitted, x: x + inner, y: y + inner))
        let height = fitted.logical.height + 2 * inner
        lines.append(Line(box: Box(x: x, y: y, width: width, height: height), isFrame: true, lineWidth: lineWidth))
        y += height + gap
    }

    /// A rule across the column, `lineWidth` thick, with `gap` above and under it.
    mutating func rule(lineWidth: Double, gap: Double) {
        y += gap
        lines.append(Line(box: Box(x: x, y: y, width: width, height: lineWidth), isFrame: false, lineWidth: lineWidth))
        y += lineWidth + gap
    }

    /// Leaves `height` free.
    mutating func space(_ height: Double) { y += height }

    /// Sets `code` centred in the column, `symbolWidth` wide without its quiet zone, which
    /// takes room above and under it.
    mutating func code(_ code: VectorCode, symbolWidth: Double) {
        let moduleSize = symbolWidth / Double(code.matrix.size)
        let zone = moduleSize * Double(QRMatrix.quietZone)
        codes.append(Code(code: code, x: x + (width - symbolWidth) / 2, y: y + zone, moduleSize: moduleSize))
        y += symbolWidth + 2 * zone
    }

    /// Takes in what `other` (a column beside this one) holds; goes on under the lower of the two.
    mutating func merge(_ other: Flow) {
        texts += other.texts
        codes += other.codes
        lines += other.lines
        y = max(y, other.y)
    }

    /// Draws everything, in the units it was laid out in, from the current origin.
    func draw(on canvas: Canvas) {
        canvas.setGray(0)
        for line in lines {
            let box = line.box
            if line.isFrame {
                let half = line.lineWidth / 2
                canvas.strokeRoundedRectangle(
                    x: box.x + half,
                    y: box.y + half,
                    width: box.width - line.lineWidth,
                    height: box.height - line.lineWidth,
                    radius: min(1.5, box.height / 4),
                    lineWidth: line.lineWidth
                )
            } else {
                let middle = box.y + box.height / 2
                canvas.strokeSegments([((box.x, middle), (box.maxX, middle))], lineWidth: box.height)
            }
        }
        for code in codes {
            canvas.drawModules(code.code.bars, side: code.code.matrix.size, x: code.x, y: code.y, moduleSize: code.moduleSize)
        }
        for text in texts { text.fitted.layout.draw(on: canvas, x: text.x, y: text.y) }
    }
}
