import QRCode
import Testing

@testable import Printing

/// The layout measured with pango: every text inside the card and clear of the code, whatever
/// the names, and the code large enough to scan.
@Suite("Placard layout")
struct PlacardLayoutTests {
    static let longNames = [
        "Nguyễn Thị Hoà – Quầy 12",
        "Trần Thị Ngọc Phượng – Sạp rau củ quả tươi Đà Lạt và trái cây nhập khẩu",
        "Huỳnh Văn Lượng – Hàng khô, gia vị, đồ nhúng lẩu, mắm tôm, nước mắm Phú Quốc, bánh tráng Trảng Bàng",
        "Công ty TNHH Một Thành Viên Thương Mại Dịch Vụ Xuất Nhập Khẩu Nông Sản Thực Phẩm Sạch Đồng Bằng Sông Cửu Long Chi Nhánh Chợ Điện Biên",
        String(repeating: "Nguyễn Thị Ngọc Phượng ", count: 20),
        "Bàthẩmđịnhviênngânhàngnôngnghiệpvàpháttriểnnôngthônviệtnamchinhánhthanhhoá",
    ]

    /// Lays out `placard` on a throw-away PDF canvas, as the sheet and the single PDF do.
    func layout(_ placard: Placard) throws -> PlacardLayout {
        let canvas = try Canvas.pdf(width: 100, height: 100, title: "test")
        return try PlacardLayout(canvas: canvas, placard: placard)
    }

    /// Placards whose every text is long.
    static var longPlacards: [Placard] {
        longNames.map { name in
            var placard = Market.placard(7)
            placard.holderName = name
            placard.accountHolder = name.uppercased()
            placard.bankShortName = "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam – Chi nhánh Thanh Hoá"
            placard.stallCode = String(name.prefix(30))
            placard.amount = 12_345_678_900
            return placard
        }
    }

    @Test("long text shrinks or wraps and stays inside the card's frame", arguments: longPlacards)
    func fitsInsideTheCard(placard: Placard) throws {
        let layout = try layout(placard)
        for text in layout.texts {
            #expect(PlacardDesign.content.contains(text.ink), "\(text.fitted.text) inks outside the frame: \(text.ink)")
            #expect(PlacardDesign.content.contains(text.logical), "\(text.fitted.text) is set outside the frame")
            #expect(text.fitted.layout.lineCount <= 2)
        }
    }

    @Test("texts never overlap each other or the code's quiet zone", arguments: longPlacards)
    func noOverlap(placard: Placard) throws {
        let layout = try layout(placard)
        let code = Box(
            x: (PlacardDesign.width - PlacardDesign.codeSide) / 2,
            y: PlacardDesign.codeTop,
            width: PlacardDesign.codeSide,
            height: PlacardDesign.codeSide
        )
        let boxes = layout.texts.map(\.logical).sorted { $0.y < $1.y }
        for (upper, lower) in zip(boxes, boxes.dropFirst()) { #expect(upper.maxY <= lower.y + 1e-9) }
        for box in boxes { #expect(box.maxY <= code.y + 1e-9 || box.y >= code.maxY - 1e-9) }
    }

    @Test("a long name wraps to two lines at a smaller size instead of being cut")
    func longNameWraps() throws {
        var placard = Market.hoa
        placard.holderName = PlacardLayoutTests.longNames[2]
        let name = try layout(placard).texts.first { $0.field == .holderName }!.fitted
        #expect(name.layout.lineCount == 2)
        #expect(!name.isEllipsized)
        #expect(name.size < PlacardDesign.holderName.size && name.size >= PlacardDesign.holderName.minimumSize)
    }

    @Test("a short name stays on one line at full size")
    func shortNameFullSize() throws {
        let name = try layout(Market.hoa).texts.first { $0.field == .holderName }!.fitted
        #expect(name.layout.lineCount == 1 && name.size == PlacardDesign.holderName.size)
    }

    @Test("only text that cannot fit at the smallest size is cut short with an ellipsis")
    func absurdNameEllipsized() throws {
        var placard = Market.hoa
        placard.holderName = PlacardLayoutTests.longNames[4]
        let name = try layout(placard).texts.first { $0.field == .holderName }!.fitted
        #expect(name.isEllipsized && name.layout.lineCount == 2 && name.size == PlacardDesign.holderName.minimumSize)
    }

    @Test("the QR code is at least 45 mm wide on every placard size and sheet cell", arguments: MarketSheet.PlacardsPerPage.allCases)
    func codeIsLargeEnough(perPage: MarketSheet.PlacardsPerPage) throws {
        for placard in [Market.hoa, Market.placard(3, longNames: true)] {
            let layout = try layout(placard)
            let symbolUnits = layout.moduleSize * Double(layout.code.matrix.size)
            let cardWidths = [SheetGeometry(perPage: perPage).cardWidth] + PlacardSize.allCases.map(\.width)
            for width in cardWidths { #expect(symbolUnits * width / PlacardDesign.width >= 45) }
        }
    }
}
