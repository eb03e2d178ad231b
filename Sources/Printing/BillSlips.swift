/// Bill slips for a class or a ward: one PDF of A4 pages, four slips to a page (two by two)
/// with cut marks, in the order given, and a footer naming the run and the page:
/// "Học phí tháng 12/2026 – Lớp 5A — trang 3/25".
public enum BillSlips {
    /// Slips on one page.
    public static let perPage = 4

    /// The pages `slips` take.
    public static func pageCount(_ slips: Int) -> Int { (slips + perPage - 1) / perPage }

    /// The PDF of `slips` with `title` in every page's footer: fonts embedded, QR codes as
    /// vector art, at least 40 mm wide.
    public static func pdf(_ slips: [BillSlip], title: String) throws(PrintingError) -> [UInt8] {
        guard !slips.isEmpty else { throw .noBillSlips }
        let geometry = SheetGeometry.billSlips
        let points = PageUnits.pointsPerMillimetre
        let canvas = try Canvas.pdf(
            width: geometry.pageWidth * points,
            height: geometry.pageHeight * points,
            title: "\(title) — phiếu báo thu"
        )
        let typesetter = Typesetter(canvas: canvas)
        var codes: [VectorCode] = []
        var linkCodes: [VectorCode?] = []
        for slip in slips {
            codes.append(try slip.code())
            linkCodes.append(try slip.linkCode())
        }
        let pages = pageCount(slips.count)
        for page in 0..<pages {
            let onPage = (page * perPage)..<min(slips.count, (page + 1) * perPage)
            canvas.setPageSize(width: geometry.pageWidth * points, height: geometry.pageHeight * points)
            for (slot, index) in onPage.enumerated() {
                let layout = try BillSlipLayout(slip: slips[index], code: codes[index], linkCode: linkCodes[index], typesetter: typesetter)
                try geometry.drawCard(slot: slot, designWidth: BillSlipDesign.width, on: canvas) { layout.draw(on: canvas) }
            }
            let footer: FittedText
            do {
                footer = try geometry.footer("\(title) — trang \(page + 1)/\(pages)", typesetter: typesetter)
            } catch {
                throw .unrenderableSlipText(billCode: nil, field: .title, text: title)
            }
            try geometry.drawFurniture(footer: footer, on: canvas)
            try canvas.endPage()
        }
        return try canvas.finishPDF()
    }
}

extension SheetGeometry {
    /// An A4 portrait page of bill slips, two by two.
    static var billSlips: SheetGeometry {
        SheetGeometry(
            pageWidth: 210,
            pageHeight: 297,
            columns: 2,
            rows: 2,
            aspect: BillSlipDesign.height / BillSlipDesign.width
        )
    }
}
