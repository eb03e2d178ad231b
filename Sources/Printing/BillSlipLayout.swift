import QRCode

/// A bill slip's design, in units of one millimetre on an A6 card (105 × 148), which a page of
/// slips scales to its cells (about 99 × 140 mm, four to an A4 page).
enum BillSlipDesign {
    static let width = 105.0
    static let height = 148.0
    /// The thin rounded frame, inset from the card's edge, as on a placard.
    static let frameInset = 2.5, frameRadius = 3.5, frameLine = 0.3
    /// Text stays this far from the card's left and right edges, and starts this far down.
    static let textInset = 7.0, top = 6.0
    static var textWidth: Double { width - 2 * textInset }
    /// The QR symbol's width without its quiet zone: 52 units, 49 mm on a cell of an A4 page.
    static let symbolWidth = 52.0
    /// Where the content must end, inside the frame.
    static let bottom = height - 5.5
    /// The text sizes tried, largest first; at the smallest every text fits in its most lines.
    static let scales = [1.0, 0.92, 0.85, 0.78, 0.72]

    static let heading = TextStyle(size: 5.6, minimumSize: 3.8, bold: true, maxLines: 1)
    static let headingText = "PHIẾU BÁO THU"
    static let unitName = TextStyle(size: 3.8, minimumSize: 2.6, bold: true, maxLines: 2)
    static let payer = TextStyle(size: 3.6, minimumSize: 2.5, bold: true, maxLines: 2)
    static let detail = TextStyle(size: 3.2, minimumSize: 2.2, bold: false, maxLines: 2)
    static let amount = TextStyle(size: 7.0, minimumSize: 4.4, bold: true, maxLines: 1)
    static let content = TextStyle(size: 3.5, minimumSize: 2.4, bold: true, maxLines: 2)
    static let bank = TextStyle(size: 3.1, minimumSize: 2.2, bold: false, maxLines: 1)
    /// The payer's link: a small second code beside its label and address.
    static let linkSymbolWidth = 14.0
    static let linkLabel = TextStyle(size: 2.6, minimumSize: 2.0, bold: true, maxLines: 2, alignment: .left)
    static let linkLabelText = "Mở trang nộp tiền và nhận biên lai (mã nhỏ này không dùng để chuyển khoản):"
    static let link = TextStyle(size: 2.5, minimumSize: 1.9, bold: false, maxLines: 2, alignment: .left)

    /// The card's edges, in units.
    static var card: Box { Box(x: 0, y: 0, width: width, height: height) }
    /// Where text and code must stay: inside the frame.
    static var contentBox: Box {
        Box(x: frameInset, y: frameInset, width: width - 2 * frameInset, height: height - 2 * frameInset)
    }
}

/// One bill slip laid out in design units.
struct BillSlipLayout {
    let flow: Flow<BillSlip.Field>
    /// The text sizes' factor chosen.
    let scale: Double

    /// Lays out `slip` with its `code` (made from its payload) at the largest text size that
    /// fits the card, centred from top to bottom.
    init(slip: BillSlip, code: VectorCode, linkCode: VectorCode? = nil, typesetter: Typesetter) throws(PrintingError) {
        var chosen: (flow: Flow<BillSlip.Field>, scale: Double)?
        for scale in BillSlipDesign.scales {
            chosen = (
                try BillSlipLayout.flow(
                    slip,
                    code: code,
                    linkCode: linkCode,
                    scale: scale,
                    top: BillSlipDesign.top,
                    typesetter: typesetter
                ), scale
            )
            if chosen!.flow.y <= BillSlipDesign.bottom { break }
        }
        // The content centred between the top and the bottom.
        let slack = BillSlipDesign.bottom - chosen!.flow.y
        if slack > 0 {
            chosen!.flow = try BillSlipLayout.flow(
                slip,
                code: code,
                linkCode: linkCode,
                scale: chosen!.scale,
                top: BillSlipDesign.top + slack / 2,
                typesetter: typesetter
            )
        }
        (flow, scale) = chosen!
    }

    private static func flow(
        _ slip: BillSlip,
        code: VectorCode,
        linkCode: VectorCode?,
        scale: Double,
        top: Double,
        typesetter: Typesetter
    ) throws(PrintingError) -> Flow<BillSlip.Field> {
        func scaled(_ style: TextStyle) -> TextStyle {
            var style = style
            style.size *= scale
            style.minimumSize *= scale
            return style
        }
        var flow = Flow<BillSlip.Field>(
            x: BillSlipDesign.textInset,
            width: BillSlipDesign.textWidth,
            y: top,
            typesetter: typesetter
        ) { field, text in
            .unrenderableSlipText(billCode: slip.billCode, field: field, text: text)
        }
        let gap = 1.2 * scale
        try flow.text(BillSlipDesign.headingText, scaled(BillSlipDesign.heading), gap: gap)
        try flow.text(slip.unitName, scaled(BillSlipDesign.unitName), field: .unitName, gap: gap * 1.5)
        try flow.text("Người nộp: \(slip.payerName)", scaled(BillSlipDesign.payer), field: .payerName, gap: gap * 0.5)
        if let reference = slip.payerReference {
            try flow.text("Mã người nộp: \(reference)", scaled(BillSlipDesign.detail), field: .payerReference, gap: gap * 0.5)
        }
        try flow.text("Khoản thu: \(slip.feeType)", scaled(BillSlipDesign.detail), field: .feeType, gap: gap * 0.5)
        try flow.text(Amount.formatted(slip.amount), scaled(BillSlipDesign.amount), gap: gap * 0.3)
        if let due = slip.dueDate {
            try flow.text("Hạn nộp: \(VietnamTime.shortDate(due))", scaled(BillSlipDesign.detail), gap: gap * 0.5)
        }
        try flow.text("Nội dung chuyển khoản: \(slip.billCode)", scaled(BillSlipDesign.content), field: .billCode)
        flow.code(code, symbolWidth: BillSlipDesign.symbolWidth)
        try flow.text("Ngân hàng: \(slip.bankShortName)", scaled(BillSlipDesign.bank), field: .bankShortName, gap: gap * 0.4)
        try flow.text("Số tài khoản: \(slip.account)", scaled(BillSlipDesign.bank), field: .account, gap: gap * 0.4)
        try flow.text("Chủ tài khoản: \(slip.accountHolder)", scaled(BillSlipDesign.bank), field: .accountHolder)
        if let link = slip.payerLink, let linkCode {
            // The link's code to the left, small; its label and address to its right.
            flow.rule(lineWidth: 0.2, gap: gap)
            let side = BillSlipDesign.linkSymbolWidth * scale
            let zone = side / Double(linkCode.matrix.size) * Double(QRMatrix.quietZone)
            var left = flow.column(x: flow.x, width: side + 2 * zone)
            left.code(linkCode, symbolWidth: side)
            let textX = flow.x + side + 2 * zone
            var right = flow.column(x: textX, width: flow.x + flow.width - textX)
            right.space(zone)
            try right.text(BillSlipDesign.linkLabelText, scaled(BillSlipDesign.linkLabel), gap: gap * 0.5)
            try right.text(link, scaled(BillSlipDesign.link), field: .payerLink)
            flow.merge(left)
            flow.merge(right)
        }
        return flow
    }

    /// Draws the slip with its top left corner at the origin, in design units.
    func draw(on canvas: Canvas) {
        canvas.setGray(0)
        canvas.strokeRoundedRectangle(
            x: BillSlipDesign.frameInset,
            y: BillSlipDesign.frameInset,
            width: BillSlipDesign.width - 2 * BillSlipDesign.frameInset,
            height: BillSlipDesign.height - 2 * BillSlipDesign.frameInset,
            radius: BillSlipDesign.frameRadius,
            lineWidth: BillSlipDesign.frameLine
        )
        flow.draw(on: canvas)
    }
}

extension BillSlip {
    /// The slip's QR code: its payload in 8-bit mode, as on a placard.
    func code() throws(PrintingError) -> VectorCode {
        do {
            return VectorCode(try QRMatrix(encoding: payload))
        } catch {
            throw .slipCode(billCode: billCode, error)
        }
    }

    /// The small code of the payer's link, when the slip has one.
    func linkCode() throws(PrintingError) -> VectorCode? {
        guard let payerLink else { return nil }
        do {
            return VectorCode(try QRMatrix(encoding: payerLink))
        } catch {
            throw .slipCode(billCode: billCode, error)
        }
    }
}
