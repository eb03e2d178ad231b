import VietQR

/// Where things go on a page of cards with cut marks (a market sheet's placards, a class's
/// bill slips), in millimetres from the top left corner.
struct SheetGeometry {
    let pageWidth: Double, pageHeight: Double
    let columns: Int, rows: Int
    /// Each card's size: the card's design scaled to fit its share of the page.
    let cardWidth: Double, cardHeight: Double
    /// The top left corner of the grid of cards, which is centred in the space for it.
    let gridX: Double, gridY: Double

    /// Space kept free at the page's sides and top (printers do not print to the edge, and the
    /// cut marks go there), and at the bottom for the footer.
    static let margin = 6.0, footerBand = 11.0
    /// Cut marks: how far from the grid they start, how long they are, how thick.
    static let cutMarkGap = 1.0, cutMarkLength = 4.0, cutMarkLine = 0.2
    static let footer = TextStyle(size: 3.2, minimumSize: 2.2, bold: false, maxLines: 1)

    /// A grid of `columns` × `rows` cards, each `aspect` times as high as wide, as large as
    /// fits a page `pageWidth` × `pageHeight` millimetres inside the margins.
    init(pageWidth: Double, pageHeight: Double, columns: Int, rows: Int, aspect: Double) {
        self.pageWidth = pageWidth
        self.pageHeight = pageHeight
        self.columns = columns
        self.rows = rows
        let spaceWidth = pageWidth - 2 * SheetGeometry.margin
        let spaceHeight = pageHeight - SheetGeometry.margin - SheetGeometry.footerBand
        cardWidth = min(spaceWidth / Double(columns), spaceHeight / Double(rows) / aspect)
        cardHeight = cardWidth * aspect
        gridX = SheetGeometry.margin + (spaceWidth - cardWidth * Double(columns)) / 2
        gridY = SheetGeometry.margin + (spaceHeight - cardHeight * Double(rows)) / 2
    }

    /// A market sheet's A4 page of placards.
    init(perPage: MarketSheet.PlacardsPerPage) {
        let landscape = perPage == .two || perPage == .eight
        let (columns, rows) =
            switch perPage {
            case .one: (1, 1)
            case .two: (2, 1)
            case .four: (2, 2)
            case .eight: (4, 2)
            }
        self.init(
            pageWidth: landscape ? 297 : 210,
            pageHeight: landscape ? 210 : 297,
            columns: columns,
            rows: rows,
            aspect: PlacardDesign.height / PlacardDesign.width
        )
    }

    /// How many cards a page holds.
    var perPage: Int { columns * rows }

    /// The top left corner of the card in `slot` (0 at the top left, row by row).
    func cardOrigin(slot: Int) -> (x: Double, y: Double) {
        (gridX + Double(slot % columns) * cardWidth, gridY + Double(slot / columns) * cardHeight)
    }

    /// Short lines in the margins continuing every cut line of the grid, which a guillotine
    /// follows across the whole page (the cards touch, so each cut serves two of them).
    var cutMarks: [(from: (x: Double, y: Double), to: (x: Double, y: Double))] {
        let gap = SheetGeometry.cutMarkGap
        let length = SheetGeometry.cutMarkLength
        let right = gridX + cardWidth * Double(columns)
        let bottom = gridY + cardHeight * Double(rows)
        var marks: [(from: (x: Double, y: Double), to: (x: Double, y: Double))] = []
        for column in 0...columns {
            let x = gridX + Double(column) * cardWidth
            marks.append(((x, gridY - gap), (x, gridY - gap - length)))
            marks.append(((x, bottom + gap), (x, bottom + gap + length)))
        }
        for row in 0...rows {
            let y = gridY + Double(row) * cardHeight
            marks.append(((gridX - gap, y), (gridX - gap - length, y)))
            marks.append(((right + gap, y), (right + gap + length, y)))
        }
        return marks
    }

    /// The footer's line: across the page between the side margins, its top 8 mm above the
    /// bottom edge (below the lowest cut marks).
    var footerX: Double { SheetGeometry.margin }
    var footerWidth: Double { pageWidth - 2 * SheetGeometry.margin }
    var footerTop: Double { pageHeight - 8 }

    /// Draws, in page units (points), the card in `slot`: `body` draws it in its own design
    /// units, from its top left corner, the design `designWidth` units wide.
    func drawCard(
        slot: Int,
        designWidth: Double,
        on canvas: Canvas,
        _ body: () throws(PrintingError) -> Void
    ) throws(PrintingError) {
        let points = PageUnits.pointsPerMillimetre
        let origin = cardOrigin(slot: slot)
        try canvas.withSavedState { () throws(PrintingError) in
            canvas.translate(x: origin.x * points, y: origin.y * points)
            canvas.scale(cardWidth / designWidth * points)
            try body()
        }
    }

    /// The footer's text (in NFC) fitted to its line, or the characters no font has.
    func footer(_ text: String, typesetter: Typesetter) throws(FittedText.UnrenderableText) -> FittedText {
        try FittedText(
            ASCIIFolding.precomposed(text),
            style: SheetGeometry.footer,
            width: footerWidth,
            typesetter: typesetter
        )
    }

    /// Draws the cut marks and `footer` on the current page.
    func drawFurniture(footer: FittedText, on canvas: Canvas) throws(PrintingError) {
        try canvas.withSavedState {
            canvas.scale(PageUnits.pointsPerMillimetre)
            canvas.setGray(0)
            canvas.strokeSegments(cutMarks, lineWidth: SheetGeometry.cutMarkLine)
            footer.layout.draw(on: canvas, x: footerX, y: footerTop)
        }
    }
}
