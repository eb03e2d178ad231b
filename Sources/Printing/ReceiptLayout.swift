/// How a receipt is set on one paper, in millimetres: margins, text styles, the seal's size.
/// On A5 the texts may be set smaller (``scale``) so that a long receipt still fits the page.
struct ReceiptDesign {
    let paper: ReceiptPaper
    /// The text sizes' factor (1 at first).
    let scale: Double
    /// Margins at the sides, the top and the bottom.
    let side: Double, top: Double, bottom: Double
    /// The seal's symbol width, without its quiet zone: at least 30 mm on A5, 38 on the roll.
    let symbolWidth: Double
    /// On A5, the width of the column at the right of the amount that holds the seal; the
    /// roll sets everything in one column.
    let codeColumn: Double?
    /// Space between paragraphs, around rules, and the rules' and the band's thickness.
    let gap: Double, ruleGap: Double, ruleLine: Double, bandLine: Double

    let title, subtitle, band, symbols, unitName, body, payer, amount, itemHead, item, itemAmount,
        caption, url: TextStyle

    var contentWidth: Double { paper.width - 2 * side }

    init(paper: ReceiptPaper, scale: Double = 1) {
        self.paper = paper
        self.scale = scale
        func style(
            _ size: Double,
            _ minimum: Double,
            bold: Bool = false,
            lines: Int = 1,
            _ alignment: TextAlignment = .left
        ) -> TextStyle {
            TextStyle(size: size * scale, minimumSize: minimum * scale, bold: bold, maxLines: lines, alignment: alignment)
        }
        switch paper {
        case .a5:
            (side, top, bottom) = (12, 10, 10)
            symbolWidth = 34
            codeColumn = 46
            (gap, ruleGap, ruleLine, bandLine) = (1.0 * scale, 1.6 * scale, 0.25, 0.6)
            title = style(5.4, 3.6, bold: true, .centre)
            subtitle = style(3.0, 2.2, .centre)
            band = style(5.0, 3.4, bold: true, .centre)
            symbols = style(3.4, 2.4, lines: 2, .centre)
            unitName = style(4.0, 2.8, bold: true, lines: 3)
            body = style(3.3, 2.3, lines: 3)
            payer = style(3.6, 2.4, bold: true, lines: 3)
            amount = style(4.6, 3.2, bold: true, lines: 1)
            itemHead = style(3.0, 2.2, bold: true, lines: 1)
            item = style(3.2, 2.2, lines: 2)
            itemAmount = style(3.2, 2.2, lines: 1, .right)
            caption = style(3.2, 2.4, bold: true, .centre)
            url = style(2.7, 2.0, lines: 3, .centre)
        case .roll58mm:
            (side, top, bottom) = (5, 3, 8)
            symbolWidth = 42
            codeColumn = nil
            (gap, ruleGap, ruleLine, bandLine) = (0.8, 1.4, 0.3, 0.6)
            title = style(3.9, 2.6, bold: true, .centre)
            subtitle = style(2.4, 1.9, lines: 2, .centre)
            band = style(4.0, 2.6, bold: true, .centre)
            symbols = style(2.8, 2.1, lines: 2, .centre)
            unitName = style(3.2, 2.3, bold: true, lines: 4)
            body = style(2.8, 2.1, lines: 4)
            payer = style(3.0, 2.2, bold: true, lines: 4)
            amount = style(3.8, 2.6, bold: true, lines: 1)
            itemHead = style(2.6, 2.0, bold: true, lines: 1)
            item = style(2.7, 2.0, lines: 3)
            itemAmount = style(2.7, 2.0, lines: 1, .right)
            caption = style(3.0, 2.2, bold: true, .centre)
            url = style(2.5, 1.9, lines: 3, .centre)
        }
    }

    /// The text sizes tried on A5, largest first, before a receipt is refused as too long.
    static let a5Scales = [1.0, 0.93, 0.86, 0.8, 0.74, 0.68, 0.62]
}

/// One receipt laid out on its paper, in millimetres from the page's top left corner.
struct ReceiptLayout {
    let design: ReceiptDesign
    let flow: Flow<ReceiptDocument.Field>
    /// The page's height: the paper's, or on the roll the content's and the margins'.
    let pageHeight: Double

    /// The page.
    var page: Box { Box(x: 0, y: 0, width: design.paper.width, height: pageHeight) }
    /// Where text and the seal's symbol must stay: inside the margins.
    var content: Box {
        Box(x: design.side, y: design.top, width: design.contentWidth, height: pageHeight - design.top - design.bottom)
    }

    /// Lays out `receipt` (already checked) with its seal's `code` on `paper`: on A5 at the
    /// largest text size that fits the page.
    init(receipt: ReceiptDocument, code: VectorCode, paper: ReceiptPaper, typesetter: Typesetter) throws(PrintingError) {
        for scale in paper == .a5 ? ReceiptDesign.a5Scales : [1] {
            let design = ReceiptDesign(paper: paper, scale: scale)
            let flow = try ReceiptLayout.flow(receipt, code: code, design: design, typesetter: typesetter)
            let height = flow.y + design.bottom
            if let fixed = paper.fixedHeight, height > fixed { continue }
            self.design = design
            self.flow = flow
            pageHeight = paper.fixedHeight ?? height
            return
        }
        throw .receiptTooLong(paper: paper, lineItemCount: receipt.lineItems.count)
    }

    private static func flow(
        _ receipt: ReceiptDocument,
        code: VectorCode,
        design: ReceiptDesign,
        typesetter: Typesetter
    ) throws(PrintingError) -> Flow<ReceiptDocument.Field> {
        var flow = Flow<ReceiptDocument.Field>(
            x: design.side,
            width: design.contentWidth,
            y: design.top,
            typesetter: typesetter
        ) { field, text in
            .unrenderableReceiptText(field: field, text: text)
        }
        let gap = design.gap
        try flow.text(receipt.title, design.title, gap: gap * 0.4)
        try flow.text("(Bản thể hiện của biên lai điện tử)", design.subtitle, gap: gap * 1.5)
        if let band = receipt.status.band {
            try flow.band(band, design.band, padding: 1.2, lineWidth: design.bandLine, gap: gap * 1.5)
        }
        // No-break spaces keep each label with its value when the line wraps.
        try flow.text(
            "Mẫu số:\u{A0}\(receipt.formCode)   Ký hiệu:\u{A0}\(receipt.series)   Số:\u{A0}\(receipt.printedNumber)",
            design.symbols,
            field: .formCode,
            gap: gap * 0.4
        )
        try flow.text(receipt.printedDate, design.symbols)
        flow.rule(lineWidth: design.ruleLine, gap: design.ruleGap)

        try flow.text(receipt.unitName, design.unitName, field: .unitName, gap: gap * 0.6)
        if let taxCode = receipt.unitTaxCode {
            try flow.text("Mã số thuế: \(taxCode)", design.body, field: .unitTaxCode, gap: gap * 0.6)
        }
        try flow.text("Địa chỉ: \(receipt.unitAddress)", design.body, field: .unitAddress, gap: gap * 0.6)
        if let account = receipt.unitBankAccount {
            try flow.text("Số tài khoản: \(account)", design.body, field: .unitBankAccount)
        }
        flow.rule(lineWidth: design.ruleLine, gap: design.ruleGap)

        try flow.text("Người nộp: \(receipt.payerName)", design.payer, field: .payerName, gap: gap * 0.6)
        if let reference = receipt.payerReference {
            try flow.text("Mã người nộp: \(reference)", design.body, field: .payerReference, gap: gap * 0.6)
        }
        if let address = receipt.payerAddress {
            try flow.text("Địa chỉ: \(address)", design.body, field: .payerAddress, gap: gap * 0.6)
        }
        try flow.text("Tên loại phí, lệ phí: \(receipt.feeType)", design.body, field: .feeType, gap: gap)
        if !receipt.lineItems.isEmpty {
            let share = design.paper == .a5 ? 0.74 : 0.62
            let spacing = 2.0
            try flow.row(
                left: "Nội dung",
                design.itemHead,
                right: "Số tiền",
                design.itemHead.aligned(.right),
                leftShare: share,
                spacing: spacing,
                gap: gap * 0.3
            )
            for item in receipt.lineItems {
                try flow.row(
                    left: item.label,
                    design.item,
                    right: Amount.formatted(item.amount),
                    design.itemAmount,
                    leftShare: share,
                    spacing: spacing,
                    field: .lineItem,
                    gap: gap * 0.3
                )
            }
            flow.rule(lineWidth: design.ruleLine / 2, gap: design.ruleGap / 2)
        }
        flow.space(gap)

        // The amount and how it was paid; on A5 with the seal at their right.
        var money = flow
        var seal = flow
        if let column = design.codeColumn {
            money = flow.column(x: design.side, width: design.contentWidth - column - 4)
            seal = flow.column(x: design.side + design.contentWidth - column, width: column)
        }
        try money.text("Số tiền: \(Amount.formatted(receipt.amount))", design.amount, gap: gap * 0.6)
        try money.text("Bằng chữ: \(receipt.amountInWords)", design.body, field: .amountInWords, gap: gap)
        try money.text("Hình thức thanh toán: \(receipt.paymentMethod)", design.body, field: .paymentMethod, gap: gap * 0.6)
        if let billCode = receipt.billCode {
            try money.text("Mã khoản thu: \(billCode)", design.body, field: .billCode, gap: gap * 0.6)
        }
        if let note = receipt.note {
            try money.text(note, design.body, field: .note, gap: gap * 0.6)
        }
        if design.codeColumn == nil {
            seal = money
            seal.rule(lineWidth: design.ruleLine, gap: design.ruleGap)
        }
        seal.code(code, symbolWidth: design.symbolWidth)
        try seal.text("Tra cứu / xác thực", design.caption, gap: gap * 0.3)
        try seal.text(receipt.verifyURL, design.url, field: .verifyURL)
        if design.codeColumn == nil {
            return seal
        }
        flow.merge(money)
        flow.merge(seal)
        return flow
    }

    /// Draws the receipt from the page's top left corner, in millimetres.
    func draw(on canvas: Canvas) { flow.draw(on: canvas) }
}

extension TextStyle {
    /// The same style with its lines aligned as `alignment`.
    func aligned(_ alignment: TextAlignment) -> TextStyle {
        var style = self
        style.alignment = alignment
        return style
    }
}
