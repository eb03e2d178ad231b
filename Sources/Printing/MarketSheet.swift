import VietQR

/// One PDF with the placards of a whole market, in stall order, several to an A4 page with cut
/// marks, and a footer naming the market and the page: "Chợ Điện Biên — trang 3/25".
public struct MarketSheet: Sendable {
    /// How many placards share an A4 page, and so how large each is.
    public enum PlacardsPerPage: Int, Sendable, Hashable, CaseIterable {
        /// One placard filling a portrait page (about A4).
        case one = 1
        /// Two side by side on a landscape page (about A5 each).
        case two = 2
        /// Four, two by two, on a portrait page (about A6 each).
        case four = 4
        /// Eight, four by two, on a landscape page (about A7 each; the QR code stays 45 mm or more).
        case eight = 8
    }

    /// How far a sheet has got: passed to the progress callback after each page.
    public struct Progress: Sendable, Hashable {
        /// Placards drawn so far, and in all.
        public var placardsDone: Int, placardCount: Int
        /// Pages finished so far, and in all.
        public var pagesDone: Int, pageCount: Int
    }

    /// The market's name as the footer shows it, such as "Chợ Điện Biên".
    public var market: String
    /// The placards, in any order.
    public var placards: [Placard]
    /// Placards per page.
    public var perPage: PlacardsPerPage

    /// A sheet of `placards` for `market`, `perPage` to a page.
    public init(market: String, placards: [Placard], perPage: PlacardsPerPage = .four) {
        self.market = market
        self.placards = placards
        self.perPage = perPage
    }

    /// The placards in the order they are printed: by stall code, numbers by value (Q2 before
    /// Q10), letters ignoring case; placards with the same code keep their order.
    public var sortedPlacards: [Placard] {
        placards.enumerated().sorted { first, second in
            if StallOrder.precedes(first.element.stallCode, second.element.stallCode) { return true }
            if StallOrder.precedes(second.element.stallCode, first.element.stallCode) { return false }
            return first.offset < second.offset
        }.map(\.element)
    }

    /// How many pages the sheet takes.
    public var pageCount: Int { (placards.count + perPage.rawValue - 1) / perPage.rawValue }

    /// The PDF: fonts embedded, QR codes as vector art. `progress` is called after each page.
    public func pdf(progress: (Progress) -> Void = { _ in }) throws(PrintingError) -> [UInt8] {
        guard !placards.isEmpty else { throw .noPlacards }
        let geometry = SheetGeometry(perPage: perPage)
        let points = PageUnits.pointsPerMillimetre
        let canvas = try Canvas.pdf(
            width: geometry.pageWidth * points,
            height: geometry.pageHeight * points,
            title: "\(market) — mã QR thanh toán"
        )
        let typesetter = Typesetter(canvas: canvas)
        let heading = try PlacardLayout.heading(typesetter: typesetter)
        let ordered = sortedPlacards
        let codes = try PlacardCode.make(for: ordered)
        let pages = pageCount
        for page in 0..<pages {
            let onPage = ordered[(page * perPage.rawValue)..<min(ordered.count, (page + 1) * perPage.rawValue)]
            canvas.setPageSize(width: geometry.pageWidth * points, height: geometry.pageHeight * points)
            for (slot, (placard, code)) in zip(onPage, codes[onPage.indices]).enumerated() {
                let layout = try PlacardLayout(placard: placard, code: code, heading: heading, typesetter: typesetter)
                try geometry.drawCard(slot: slot, designWidth: PlacardDesign.width, on: canvas) { layout.draw(on: canvas) }
            }
            let fitted: FittedText
            do {
                fitted = try geometry.footer("\(market) — trang \(page + 1)/\(pages)", typesetter: typesetter)
            } catch {
                throw .unrenderableText(stallCode: nil, field: .market, text: market)
            }
            try geometry.drawFurniture(footer: fitted, on: canvas)
            try canvas.endPage()
            progress(
                Progress(
                    placardsDone: page * perPage.rawValue + onPage.count,
                    placardCount: ordered.count,
                    pagesDone: page + 1,
                    pageCount: pages
                )
            )
        }
        return try canvas.finishPDF()
    }
}
