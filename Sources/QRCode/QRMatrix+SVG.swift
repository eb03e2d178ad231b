extension QRMatrix {
    /// How large an SVG image says it is (its view box is always one unit per module).
    public enum SVGSize: Sendable, Hashable {
        /// Pixels per module, quiet zone included: `.pixelsPerModule(8)` makes a 29-module
        /// symbol 296 px wide.
        case pixelsPerModule(Int)
        /// The whole image's width and height in millimetres, quiet zone included, for print.
        case millimetres(Double)
    }

    /// An SVG image: a white square with the four-module quiet zone and one black `<path>` of
    /// the dark modules (a clockwise rectangle per ``coveringBars()`` bar, so that overlaps
    /// stay dark under the non-zero rule), drawn with
    /// `shape-rendering="crispEdges"` so that modules stay sharp.
    public func svg(size: SVGSize = .pixelsPerModule(8)) throws(QRCodeError) -> String {
        let side = self.size + 2 * QRMatrix.quietZone
        let length: String
        switch size {
        case let .pixelsPerModule(scale):
            guard QRMatrix.scaleRange.contains(scale) else { throw .scaleOutOfRange(scale) }
            length = "\(side * scale)"
        case let .millimetres(millimetres):
            guard millimetres.isFinite, millimetres > 0 else { throw .invalidSize("\(millimetres) mm") }
            length = "\(QRMatrix.shortest(millimetres))mm"
        }
        var path = ""
        for bar in coveringBars() {
            let x = bar.column + QRMatrix.quietZone
            let y = bar.row + QRMatrix.quietZone
            switch bar.direction {
            case .horizontal: path += "M\(x) \(y)h\(bar.length)v1h-\(bar.length)z"
            case .vertical: path += "M\(x) \(y)h1v\(bar.length)h-1z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(length)" height="\(length)" \
            viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges">\
            <rect width="\(side)" height="\(side)" fill="#fff"/>\
            <path fill="#000" d="\(path)"/></svg>

            """
    }

    /// `12` rather than `12.0`, `12.5` as it is.
    private static func shortest(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
    }
}
