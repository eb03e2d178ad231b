extension Placard {
    /// The resolutions a placard PNG may have, in dots per inch.
    public static let resolutionRange = 72...1200

    /// A one-page PDF of the placard, the page the size of the card: fonts embedded, the QR
    /// code as vector art.
    public func pdf(size: PlacardSize = .a6) throws(PrintingError) -> [UInt8] {
        let points = PageUnits.pointsPerMillimetre
        let canvas = try Canvas.pdf(
            width: size.width * points,
            height: size.height * points,
            title: "Quầy \(stallCode) – \(holderName)"
        )
        let layout = try PlacardLayout(canvas: canvas, placard: self)
        try canvas.withSavedState {
            canvas.scale(size.width / PlacardDesign.width * points)
            layout.draw(on: canvas)
        }
        try canvas.endPage()
        return try canvas.finishPDF()
    }

    /// The placard as a PNG image (8-bit gray) at `dotsPerInch`.
    public func png(size: PlacardSize = .a6, dotsPerInch: Int = 150) throws(PrintingError) -> [UInt8] {
        guard Placard.resolutionRange.contains(dotsPerInch) else { throw .resolutionOutOfRange(dotsPerInch) }
        let pixelsPerMillimetre = Double(dotsPerInch) / 25.4
        let canvas = try Canvas.image(
            width: Int((size.width * pixelsPerMillimetre).rounded()),
            height: Int((size.height * pixelsPerMillimetre).rounded()),
            dotsPerInch: Double(dotsPerInch)
        )
        let layout = try PlacardLayout(canvas: canvas, placard: self)
        try canvas.withSavedState {
            canvas.scale(size.width / PlacardDesign.width * PageUnits.pointsPerMillimetre)
            layout.draw(on: canvas)
        }
        return try canvas.png()
    }
}

extension PlacardLayout {
    /// The layout of a placard alone on `canvas`.
    init(canvas: Canvas, placard: Placard) throws(PrintingError) {
        let typesetter = Typesetter(canvas: canvas)
        try self.init(
            placard: placard,
            code: PlacardCode(placard),
            heading: PlacardLayout.heading(typesetter: typesetter),
            typesetter: typesetter
        )
    }
}
