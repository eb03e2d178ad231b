import Foundation
import QRCode
import ReadBack
import Testing

@Suite("SVG images")
struct SVGTests {
    /// Rasterises the SVG with librsvg (`rsvg-convert`), then reads it with zbarimg.
    func read(_ svg: String, dpi: Int = 150) throws -> [String] {
        let directory = try ScratchDirectory()
        let source = try directory.write(Array(svg.utf8), to: "code.svg")
        let png = directory.url.appendingPathComponent("code.png").path
        let converted = try run("rsvg-convert", ["--dpi-x", "\(dpi)", "--dpi-y", "\(dpi)", "-b", "white", "-o", png, source])
        guard converted.status == 0 else { throw ToolFailure(command: "rsvg-convert", reason: converted.errors) }
        return try ZBar.read(imageAt: png)
    }

    @Test("zbarimg reads exactly the payload back", arguments: Payloads.all)
    func decodes(payload: String) throws {
        let matrix = try QRMatrix(encoding: payload)
        #expect(try read(matrix.svg(size: .pixelsPerModule(4))) == [payload])
        #expect(try read(matrix.svg(size: .millimetres(40))) == [payload])
    }

    @Test("one path, crisp edges, a view box of one unit per module")
    func shape() throws {
        let matrix = try QRMatrix(encoding: Payloads.stall)
        let svg = try matrix.svg()
        let side = matrix.size + 8
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(svg.contains(#"shape-rendering="crispEdges""#))
        #expect(svg.contains(#"viewBox="0 0 \#(side) \#(side)""#))
        #expect(svg.contains(#"width="\#(side * 8)" height="\#(side * 8)""#))
    }

    @Test("a size in millimetres is written in millimetres")
    func millimetres() throws {
        let matrix = try QRMatrix(encoding: "Q12")
        #expect(try matrix.svg(size: .millimetres(30)).contains(#"width="30mm" height="30mm""#))
        #expect(try matrix.svg(size: .millimetres(22.5)).contains(#"width="22.5mm""#))
    }

    @Test("a size that is not a positive number is refused")
    func badSize() throws {
        let matrix = try QRMatrix(encoding: "Q12")
        #expect(throws: QRCodeError.invalidSize("0.0 mm")) { try matrix.svg(size: .millimetres(0)) }
        #expect(throws: QRCodeError.scaleOutOfRange(0)) { try matrix.svg(size: .pixelsPerModule(0)) }
    }
}
