extension QRMatrix {
    /// How many bits of gray a PNG image stores per pixel.
    public enum PNGDepth: Sendable, Hashable, CaseIterable {
        /// 1 bit: black or white, the smallest file.
        case oneBit
        /// 8 bits: 0 or 255, for tools that do not read 1-bit images.
        case eightBit
    }

    /// The pixels per module a writer accepts.
    public static let scaleRange = 1...64

    /// The width (and height) of an image at `scale` pixels per module, quiet zone included.
    public func imageSide(scale: Int) -> Int { (size + 2 * QRMatrix.quietZone) * scale }

    /// A grayscale PNG: `scale` pixels per module, a light quiet zone of four modules on every
    /// side, dark modules black and light ones white. The same matrix and options always give
    /// the same bytes.
    public func png(scale: Int = 8, depth: PNGDepth = .oneBit) throws(QRCodeError) -> [UInt8] {
        guard QRMatrix.scaleRange.contains(scale) else { throw .scaleOutOfRange(scale) }
        let side = imageSide(scale: scale)
        var file = PNGFile(width: side, height: side, bitDepth: depth == .oneBit ? 1 : 8)
        let light = pixelRow(nil, scale: scale, depth: depth)
        file.append(row: light, count: QRMatrix.quietZone * scale)
        for row in 0..<size {
            file.append(row: pixelRow(row, scale: scale, depth: depth), count: scale)
        }
        file.append(row: light, count: QRMatrix.quietZone * scale)
        return file.finish()
    }

    /// One row of the image as PNG stores it: the filter type (0, none), then the pixels packed
    /// for `depth`, with the dark modules of the symbol's `row` (none for a quiet-zone row).
    private func pixelRow(_ row: Int?, scale: Int, depth: PNGDepth) -> [UInt8] {
        let side = imageSide(scale: scale)
        let count = depth == .eightBit ? side : (side + 7) / 8
        // 0xFF is white in both depths, and white padding bits.
        var bytes = [UInt8](repeating: 0xFF, count: 1 + count)
        bytes[0] = 0
        guard let row else { return bytes }
        bytes.withUnsafeMutableBufferPointer { bytes in
            let pixels = UnsafeMutableBufferPointer(rebasing: bytes[1...])
            forEachDarkRun(inRow: row) { columns in
                let run = (columns.lowerBound + QRMatrix.quietZone) * scale..<(columns.upperBound + QRMatrix.quietZone) * scale
                switch depth {
                case .eightBit:
                    UnsafeMutableBufferPointer(rebasing: pixels[run]).update(repeating: 0)
                case .oneBit:
                    // Eight pixels a byte, the first in the high bit.
                    let first = run.lowerBound >> 3
                    let last = (run.upperBound - 1) >> 3
                    let head = UInt8(0xFF) >> UInt8(run.lowerBound & 7)  // bits from the first pixel on
                    let tail = UInt8(0xFF) << UInt8(7 - (run.upperBound - 1) & 7)  // bits up to the last
                    if first == last {
                        pixels[first] &= ~(head & tail)
                    } else {
                        pixels[first] &= ~head
                        for index in first + 1..<last { pixels[index] = 0 }
                        pixels[last] &= ~tail
                    }
                }
            }
        }
        return bytes
    }
}
