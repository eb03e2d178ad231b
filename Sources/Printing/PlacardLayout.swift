import QRCode
import VietQR

/// The placard's design, in units of one millimetre on an A6 card. Every size prints the same
/// design scaled (A-series paper keeps its proportions), so a placard on an A7 cell of an
/// 8-up sheet looks like the A6 one, smaller.
enum PlacardDesign {
    static let width = 105.0
    static let height = 148.0
    /// The thin rounded frame, inset from the card's edge.
    static let frameInset = 2.5, frameRadius = 3.5, frameLine = 0.3
    /// Text stays this far from the card's left and right edges.
    static let textInset = 7.0
    static var textWidth: Double { width - 2 * textInset }
    /// The heading's slot.
    static let headingTop = 6.0
    static let heading = TextStyle(size: 5.6, minimumSize: 3.6, bold: true, maxLines: 1)
    static let headingText = "Quét mã để thanh toán"
    /// The QR code with its quiet zone: a square this wide, centred. The symbol itself is at
    /// least 84 × 41/49 = 70 units wide (version 6 and up, as every VietQR payload is): 70 mm
    /// on A6, 48 mm on the smallest cell (8 per A4 page).
    static let codeTop = 14.0, codeSide = 84.0
    /// The column of texts under the code, and the largest gap between two of them.
    static let columnTop = codeTop + codeSide, columnBottom = 142.5, largestGap = 3.0
    static let holderName = TextStyle(size: 5.4, minimumSize: 3.0, bold: true, maxLines: 2)
    static let stallCode = TextStyle(size: 4.2, minimumSize: 2.8, bold: false, maxLines: 1)
    static let detail = TextStyle(size: 3.3, minimumSize: 2.2, bold: false, maxLines: 1)
    static let amount = TextStyle(size: 5.2, minimumSize: 3.2, bold: true, maxLines: 1)

    /// The card's edges, in units.
    static var card: Box { Box(x: 0, y: 0, width: width, height: height) }
    /// Where text and code must stay: inside the frame.
    static var content: Box {
        Box(x: frameInset, y: frameInset, width: width - 2 * frameInset, height: height - 2 * frameInset)
    }
}

/// One placard laid out in design units: the QR code placed, every text fitted to its slot.
struct PlacardLayout {
    /// One text, where its layout's top left corner goes.
    struct PlacedText {
        let field: Placard.Field?
        let fitted: FittedText
        let x: Double, y: Double

        /// Its line boxes on the card.
        var logical: Box { fitted.logical.offsetBy(dx: x, dy: y) }
        /// Its glyphs' ink on the card.
        var ink: Box { fitted.ink.offsetBy(dx: x, dy: y) }
    }

    let code: PlacardCode
    /// The symbol's top left corner and module size (the quiet zone is around it).
    let codeX: Double, codeY: Double, moduleSize: Double
    let texts: [PlacedText]

    /// The heading every placard shares, set once per document.
    static func heading(typesetter: Typesetter) throws(PrintingError) -> FittedText {
        do {
            return try FittedText(
                PlacardDesign.headingText,
                style: PlacardDesign.heading,
                width: PlacardDesign.textWidth,
                typesetter: typesetter
            )
        } catch {
            throw .noVietnameseFont
        }
    }

    /// Lays out `placard` with its `code` (made from its payload) and the shared `heading`.
    init(placard: Placard, code: PlacardCode, heading: FittedText, typesetter: Typesetter) throws(PrintingError) {
        self.code = code
        moduleSize = PlacardDesign.codeSide / Double(code.matrix.size + 2 * QRMatrix.quietZone)
        codeX = (PlacardDesign.width - PlacardDesign.codeSide) / 2 + Double(QRMatrix.quietZone) * moduleSize
        codeY = PlacardDesign.codeTop + Double(QRMatrix.quietZone) * moduleSize

        func fit(_ text: String, _ style: TextStyle, _ field: Placard.Field?) throws(PrintingError) -> FittedText {
            let text = ASCIIFolding.precomposed(text)
            do {
                return try FittedText(text, style: style, width: PlacardDesign.textWidth, typesetter: typesetter)
            } catch {
                // The fixed texts (the amount's) fail only when no font draws Vietnamese at all.
                guard let field else { throw .noVietnameseFont }
                throw .unrenderableText(stallCode: placard.stallCode, field: field, text: text)
            }
        }
        var column: [(Placard.Field?, FittedText)] = [
            (.holderName, try fit(placard.holderName, PlacardDesign.holderName, .holderName)),
            (.stallCode, try fit("Quầy \(placard.stallCode)", PlacardDesign.stallCode, .stallCode)),
            (.bankShortName, try fit("Ngân hàng: \(placard.bankShortName)", PlacardDesign.detail, .bankShortName)),
            (.account, try fit("Số tài khoản: \(placard.account)", PlacardDesign.detail, .account)),
            (.accountHolder, try fit("Chủ tài khoản: \(placard.accountHolder)", PlacardDesign.detail, .accountHolder)),
        ]
        if let amount = placard.amount {
            column.append((nil, try fit("Số tiền: \(Amount.formatted(amount))", PlacardDesign.amount, nil)))
        }

        var texts = [PlacedText(field: nil, fitted: heading, x: PlacardDesign.textInset, y: PlacardDesign.headingTop)]
        // The column, centred in its space, with equal gaps (at most `largestGap`) between texts.
        let space = PlacardDesign.columnBottom - PlacardDesign.columnTop
        let used = column.reduce(0) { $0 + $1.1.logical.height }
        let gap = min(PlacardDesign.largestGap, max(0, space - used) / Double(column.count + 1))
        var y = PlacardDesign.columnTop + (space - used - gap * Double(column.count - 1)) / 2
        for (field, fitted) in column {
            texts.append(PlacedText(field: field, fitted: fitted, x: PlacardDesign.textInset, y: y))
            y += fitted.logical.height + gap
        }
        self.texts = texts
    }

    /// Draws the placard with its top left corner at the origin, in design units.
    func draw(on canvas: Canvas) {
        canvas.setGray(0)
        canvas.strokeRoundedRectangle(
            x: PlacardDesign.frameInset,
            y: PlacardDesign.frameInset,
            width: PlacardDesign.width - 2 * PlacardDesign.frameInset,
            height: PlacardDesign.height - 2 * PlacardDesign.frameInset,
            radius: PlacardDesign.frameRadius,
            lineWidth: PlacardDesign.frameLine
        )
        canvas.drawModules(code.bars, side: code.matrix.size, x: codeX, y: codeY, moduleSize: moduleSize)
        for text in texts { text.fitted.layout.draw(on: canvas, x: text.x, y: text.y) }
    }
}
