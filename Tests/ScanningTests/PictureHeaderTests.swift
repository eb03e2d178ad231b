import Foundation
import Printing
import QRCode
import ReadBack
import Testing

@testable import Scanning

/// A photo is judged by the size its header declares, before any pixel is decoded, and the
/// program that decodes it is stopped when it takes too long.
@Suite("Reading pictures: the header's size, zbarimg's time limit")
struct PictureHeaderTests {
    @Test("a PNG's width and height are read from its IHDR chunk")
    func png() throws {
        let png = try QRMatrix(encoding: "https://example.vn").png(scale: 6)
        let header = try #require(PictureHeader(png))
        #expect(header.format == .png)
        // zbarimg's own reading of the same picture agrees that it is a picture.
        #expect(try ZBar.read(image: png) == ["https://example.vn"])
        #expect(header.width == header.height && header.width % 6 == 0 && header.width > 100)
    }

    @Test("a JPEG's size is read from its start-of-frame segment, past the segments before it (pdftoppm's JPEG)")
    func jpeg() throws {
        let placard = Placard(
            stallCode: "Q1",
            holderName: "Nguyễn Thị Hoà",
            bankShortName: "Vietcombank",
            account: "0011001800879",
            accountHolder: "NGUYEN THI HOA",
            payload: "https://example.vn"
        )
        let scratch = try ScratchDirectory()
        let pdf = try scratch.write(try placard.pdf(size: PlacardSize.a6), to: "placard.pdf")
        let output = scratch.url.appendingPathComponent("page").path
        try run("pdftoppm", ["-jpeg", "-singlefile", "-scale-to-x", "640", "-scale-to-y", "480", pdf, output])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output + ".jpg")))
        let header = try #require(PictureHeader(bytes))
        #expect(header.format == .jpeg)
        #expect(header.width == 640 && header.height == 480)
    }

    @Test("a header declaring a huge picture is read as such; text, truncated files and other formats are not pictures")
    func others() {
        var bomb: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        bomb += [0, 0, 0x27, 0x10, 0, 0, 0x27, 0x10]
        #expect(PictureHeader(bomb)?.pixels == 100_000_000)
        #expect(PictureHeader(Array("BL1:6BFOXN".utf8)) == nil)
        #expect(PictureHeader(Array(bomb.prefix(20))) == nil)
        #expect(PictureHeader([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + [UInt8](repeating: 0, count: 4)) == nil)
        #expect(PictureHeader(Array("GIF89a".utf8) + [1, 0, 1, 0]) == nil)
    }

    @Test("a reader that takes longer than its time limit is stopped, and says so")
    func timeLimit() throws {
        let scratch = try ScratchDirectory()
        let slow = try scratch.write(Array("#!/bin/sh\nexec sleep 600\n".utf8), to: "slow-zbarimg")
        #expect(chmod(slow, 0o700) == 0)
        let image = try scratch.write(try QRMatrix(encoding: "x").png(scale: 6), to: "x.png")
        #expect {
            try SealImages.zbar(image, timeLimit: 1, zbarimg: slow)
        } throws: { error in
            (error as? SealImages.Failure)?.kind == .timedOut
        }
        // The real zbarimg within its limit reads as before.
        #expect(try SealImages.zbar(image, timeLimit: 30) == ["x"])
    }
}
