import Foundation
import QRCode
import ReadBack
import Testing

@Suite("PNG images")
struct PNGTests {
    @Test("zbarimg reads exactly the payload back", arguments: Payloads.all, [QRMatrix.PNGDepth.oneBit, .eightBit])
    func decodes(payload: String, depth: QRMatrix.PNGDepth) throws {
        let png = try QRMatrix(encoding: payload).png(scale: 4, depth: depth)
        #expect(try ZBar.read(image: png) == [payload])
    }

    @Test("every error correction level decodes", arguments: QRMatrix.ErrorCorrection.allCases)
    func everyLevelDecodes(level: QRMatrix.ErrorCorrection) throws {
        let png = try QRMatrix(encoding: Payloads.stall, errorCorrection: level).png(scale: 3)
        #expect(try ZBar.read(image: png) == [Payloads.stall])
    }

    @Test("pixels are whole modules with a four-module quiet zone", arguments: [QRMatrix.PNGDepth.oneBit, .eightBit])
    func pixelsMatchModules(depth: QRMatrix.PNGDepth) throws {
        let matrix = try QRMatrix(encoding: Payloads.schoolFee)
        let scale = 5
        let image = try PNGReader.read(matrix.png(scale: scale, depth: depth))
        #expect(image.width == matrix.imageSide(scale: scale) && image.height == image.width)
        #expect(image.bitDepth == (depth == .oneBit ? 1 : 8))
        var mismatches = 0
        for y in 0..<image.height {
            for x in 0..<image.width {
                let row = y / scale - QRMatrix.quietZone
                let column = x / scale - QRMatrix.quietZone
                let inside = (0..<matrix.size).contains(row) && (0..<matrix.size).contains(column)
                let dark = inside && matrix[row, column]
                if image.isDark(x: x, y: y) != dark { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("the same matrix always gives the same bytes")
    func deterministic() throws {
        let first = try QRMatrix(encoding: Payloads.stall).png()
        let second = try QRMatrix(encoding: Payloads.stall).png()
        #expect(first == second)
        #expect(first.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    @Test("a 1-bit image is compact: smaller than a kilobyte per 1,000 modules at scale 8")
    func compact() throws {
        let matrix = try QRMatrix(encoding: Payloads.stall)
        let png = try matrix.png(scale: 8)
        #expect(png.count < matrix.size * matrix.size)
    }

    @Test("a scale outside 1–64 is refused", arguments: [0, -3, 65])
    func scaleOutOfRange(scale: Int) throws {
        let matrix = try QRMatrix(encoding: "Q12")
        #expect(throws: QRCodeError.scaleOutOfRange(scale)) { try matrix.png(scale: scale) }
    }
}

/// Decodes a grayscale PNG with Python's zlib, which checks the Adler-32 and rejects a bad
/// stream, after checking every chunk's CRC itself: an independent judge of the writer.
enum PNGReader {
    struct Image {
        var width: Int, height: Int, bitDepth: Int
        var rows: [[UInt8]]

        func isDark(x: Int, y: Int) -> Bool {
            bitDepth == 8 ? rows[y][x] == 0 : rows[y][x >> 3] & (0x80 >> UInt8(x & 7)) == 0
        }
    }

    static let script = #"""
        import struct, sys, zlib
        data = open(sys.argv[1], "rb").read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", "signature"
        pos, idat, chunks = 8, b"", []
        while pos < len(data):
            length, kind = struct.unpack(">I4s", data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
            assert zlib.crc32(kind + body) == crc, "CRC of " + kind.decode()
            chunks.append(kind.decode())
            if kind == b"IHDR":
                width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
                assert color == 0 and interlace == 0
            if kind == b"IDAT":
                idat += body
            pos += 12 + length
        assert chunks == ["IHDR", "IDAT", "IEND"], chunks
        raw = zlib.decompress(idat)
        stride = 1 + (width * depth + 7) // 8
        assert len(raw) == stride * height, "length"
        print(width, height, depth)
        for y in range(height):
            row = raw[y * stride:(y + 1) * stride]
            assert row[0] == 0, "filter"
            print(row[1:].hex())
        """#

    static func read(_ png: [UInt8]) throws -> Image {
        let directory = try ScratchDirectory()
        let result = try run("python3", ["-c", script, directory.write(png, to: "image.png")])
        guard result.status == 0 else { throw ToolFailure(command: "python3 PNG check", reason: result.errors) }
        let lines = result.text.split(separator: "\n")
        let header = lines[0].split(separator: " ").compactMap { Int($0) }
        let rows = lines.dropFirst().map { line in
            stride(from: 0, to: line.count, by: 2).map { offset -> UInt8 in
                let start = line.index(line.startIndex, offsetBy: offset)
                return UInt8(line[start..<line.index(start, offsetBy: 2)], radix: 16)!
            }
        }
        return Image(width: header[0], height: header[1], bitDepth: header[2], rows: rows)
    }
}
