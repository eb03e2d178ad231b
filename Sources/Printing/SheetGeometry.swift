/// Where things go on an A4 page of a market sheet, in millimetres from the top left corner.
struct SheetGeometry {
    let pageWidth: Double, pageHeight: Double
    let columns: Int, rows: Int
    /// Each card's size: the placard design scaled to fit its share of the page.
    let cardWidth: Double, cardHeight: Double
    /// The top left corner of the grid of cards, which is centred in the space for it.
    let gridX: Double, gridY: Double

    /// Space kept free at the page's sides and top (printers do not print to the edge, and the
    /// cut marks go there), and at the bottom for the footer.
    static let margin = 6.0, footerBand = 11.0
    /// Cut marks: how far from the grid they start, how long they are, how thick.
    static let cutMarkGap = 1.0, cutMarkLength = 4.0, cutMarkLine = 0.2
    static let footer = TextStyle(size: 3.2, minimumSize: 2.2, bold: false, maxLines: 1)

    init(perPage: MarketSheet.PlacardsPerPage) {
        let landscape = perPage == .two || perPage == .eight
        pageWidth = landscape ? 297 : 210
        pageHeight = landscape ? 210 : 297
        (columns, rows) = switch perPage {
        case .one: (1, 1)
        case .two: (2, 1)
        case .four: (2, 2)
        case .eight: (4, 2)
        }
        let spaceWidth = pageWidth - 2 * SheetGeometry.margin
        let spaceHeight = pageHeight - SheetGeometry.margin - SheetGeometry.footerBand
        let aspect = PlacardDesign.height / PlacardDesign.width
        cardWidth = min(spaceWidth / Double(columns), spaceHeight / Double(rows) / aspect)
        cardHeight = cardWidth * aspect
        gridX = SheetGeometry.margin + (spaceWidth - cardWidth * Double(columns)) / 2
        gridY = SheetGeometry.margin + (spaceHeight - cardHeight * Double(rows)) / 2
    }

    /// The top left corner of the card in `slot` (0 at the top left, row by row).
    func cardOrigin(slot: Int) -> (x: Double, y: Double) {
        (gridX + Double(slot % columns) * cardWidth, gridY + Double(slot / columns) * cardHeight)
    }

    /// Short lines in the margins continuing every cut line of the grid, which a guillotine
    /// follows across the whole page (the cards touch, so each cut serves two of them).
    var cutMarks: [(from: (x: Double, y: Double), to: (x: Double, y: Double))] {
        let gap = SheetGeometry.cutMarkGap, length = SheetGeometry.cutMarkLength
        let right = gridX + cardWidth * Double(columns), bottom = gridY + cardHeight * Double(rows)
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
}
