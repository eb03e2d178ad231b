import Foundation
import Printing
import QRCode
import ReadBack
import Testing
import VietQR

@Suite("One placard")
struct PlacardTests {
    /// Nguyễn Thị Hoà's placard with a dynamic code: 150.000 đ for one payment.
    static let dynamic = try! Placard(
        stallCode: "Q12",
        holderName: "Nguyễn Thị Hoà",
        accountHolder: "NGUYEN THI HOA",
        bank: Market.banks[0],
        payload: Payload(bankBIN: "970436", account: "0011001800879", amount: 150_000, purpose: "Tien hang Q12")
    )

    @Test("its PDF is one page of A6 or A5", arguments: PlacardSize.allCases)
    func pageSize(size: PlacardSize) throws {
        let pages = try PrintedPDF(Market.hoa.pdf(size: size)).pageSizes()
        #expect(pages.count == 1)
        #expect(abs(pages[0].width - size.width) < 0.1 && abs(pages[0].height - size.height) < 0.1)
    }

    @Test("zbarimg reads exactly the payload from the printed PDF", arguments: PlacardSize.allCases)
    func pdfDecodes(size: PlacardSize) throws {
        for placard in [Market.hoa, PlacardTests.dynamic] {
            #expect(try PrintedPDF(placard.pdf(size: size)).codesPerPage(dpi: 100, expected: [1]) == [[placard.payload]])
        }
    }

    @Test("zbarimg reads exactly the payload from the PNG, an 8-bit gray image of the card at 150 dpi")
    func pngDecodes() throws {
        let png = try Market.hoa.png()
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // IHDR: width and height (A6 at 150 dpi), bit depth 8, colour type 0 (gray).
        #expect(Array(png[16..<26]) == [0, 0, 0x02, 0x6C, 0, 0, 0x03, 0x6A, 8, 0])
        #expect(try ZBar.read(image: png) == [Market.hoa.payload])
        #expect(try ZBar.read(image: PlacardTests.dynamic.png(size: .a5, dotsPerInch: 96)) == [PlacardTests.dynamic.payload])
    }

    @Test("the text reads back with its diacritics: heading, name, stall, bank, account, holder")
    func text() throws {
        let text = try PrintedPDF(Market.hoa.pdf()).textPerPage()
        #expect(
            text == [
                "Quét mã để thanh toán Nguyễn Thị Hoà – Quầy 12 Quầy Q12 Ngân hàng: Vietcombank "
                    + "Số tài khoản: 0011001800879 Chủ tài khoản: NGUYEN THI HOA"
            ]
        )
    }

    @Test("a dynamic code shows its fixed amount; a static one shows none")
    func amount() throws {
        let dynamic = try PrintedPDF(PlacardTests.dynamic.pdf()).textPerPage()[0]
        #expect(dynamic.hasSuffix("Số tiền: 150.000 đ"))
        #expect(!(try PrintedPDF(Market.hoa.pdf()).textPerPage()[0]).contains("Số tiền"))
        #expect(PlacardTests.dynamic.amount == 150_000 && Market.hoa.amount == nil)
    }

    @Test("a placard made from a VietQR payload takes its account, amount and encoded text")
    func fromPayload() throws {
        let payload = Payload(bankBIN: "970436", account: "0011001800879", amount: 150_000, purpose: "Tien hang Q12")
        #expect(PlacardTests.dynamic.payload == (try payload.encoded()))
        #expect(PlacardTests.dynamic.account == "0011001800879")
        #expect(PlacardTests.dynamic.bankShortName == "Vietcombank")
        var staticWithAmount = payload
        staticWithAmount.initiation = .static
        let placard = try Placard(
            stallCode: "Q1",
            holderName: "Lê Văn Tám",
            accountHolder: "LE VAN TAM",
            bank: Market.banks[0],
            payload: staticWithAmount
        )
        #expect(placard.amount == nil)
    }

    @Test("Noto Sans is embedded, regular and bold, with Unicode maps, and nothing else")
    func fonts() throws {
        let fonts = try PrintedPDF(PlacardTests.dynamic.pdf()).fonts()
        #expect(!fonts.isEmpty)
        #expect(fonts.allSatisfy { $0.embedded && $0.subset && $0.unicode })
        #expect(Set(fonts.map { $0.name.split(separator: "+").last.map(String.init) ?? "" }) == ["NotoSans-Regular", "NotoSans-Bold"])
    }

    @Test("decomposed (NFD) input prints the same precomposed text")
    func normalisesToNFC() throws {
        var decomposed = Market.hoa
        decomposed.holderName = Market.hoa.holderName.decomposedStringWithCanonicalMapping
        #expect(decomposed.holderName.unicodeScalars.count > Market.hoa.holderName.unicodeScalars.count)
        let text = try PrintedPDF(decomposed.pdf()).textPerPage()[0]
        #expect(text.unicodeScalars.elementsEqual(try PrintedPDF(Market.hoa.pdf()).textPerPage()[0].unicodeScalars))
    }

    @Test("a character no font can draw is refused, naming the stall and the field")
    func unrenderable() throws {
        var placard = Market.hoa
        placard.accountHolder = "NGUYEN THI HOA \u{E000}"
        #expect(throws: PrintingError.unrenderableText(stallCode: "Q12", field: .accountHolder, text: "Chủ tài khoản: NGUYEN THI HOA \u{E000}")) {
            try placard.pdf()
        }
    }

    @Test("a payload too long for any QR code is refused, naming the stall")
    func payloadTooLong() throws {
        var placard = Market.hoa
        placard.payload = String(repeating: "0", count: 3000)
        #expect(throws: PrintingError.qrCode(stallCode: "Q12", .tooLong(byteCount: 3000, maximum: 2331, errorCorrection: .medium))) {
            try placard.png()
        }
    }

    @Test("a PNG resolution outside 72–1200 dpi is refused", arguments: [0, 71, 1201])
    func resolution(dotsPerInch: Int) {
        #expect(throws: PrintingError.resolutionOutOfRange(dotsPerInch)) { try Market.hoa.png(dotsPerInch: dotsPerInch) }
    }
}
