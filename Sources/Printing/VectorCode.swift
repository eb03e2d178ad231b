import QRCode

/// A QR symbol made ahead of drawing, as the bars that draw it as vector art.
struct VectorCode: Sendable {
    let matrix: QRMatrix
    let bars: [QRMatrix.Bar]

    init(_ matrix: QRMatrix) {
        self.matrix = matrix
        bars = matrix.coveringBars()
    }
}
