import Foundation
import ReadBack
import Testing

@testable import Printing

@Suite("Market sheet")
struct MarketSheetTests {
    /// The resolution at which each layout's modules are about 4 pixels wide (a version 9
    /// symbol): enough for zbar, and zbar's time grows quickly with the pixels.
    static func dpi(_ perPage: MarketSheet.PlacardsPerPage) -> Int {
        switch perPage {
        case .one: 40
        case .two: 55
        case .four: 80
        case .eight: 110
        }
    }

    @Test("pages are A4, portrait for 1 and 4 placards, landscape for 2 and 8", arguments: MarketSheet.PlacardsPerPage.allCases)
    func pages(perPage: MarketSheet.PlacardsPerPage) throws {
        let sheet = MarketSheet(market: "Chợ Điện Biên", placards: Market.stalls(11), perPage: perPage)
        let sizes = try PrintedPDF(sheet.pdf()).pageSizes()
        #expect(sizes.count == (11 + perPage.rawValue - 1) / perPage.rawValue && sizes.count == sheet.pageCount)
        let landscape = perPage == .two || perPage == .eight
        for size in sizes {
            #expect(abs(size.width - (landscape ? 297 : 210)) < 0.1 && abs(size.height - (landscape ? 210 : 297)) < 0.1)
        }
    }

    @Test("each page holds exactly its stalls' codes, in stall order, every one once", arguments: MarketSheet.PlacardsPerPage.allCases)
    func codesPerPage(perPage: MarketSheet.PlacardsPerPage) throws {
        let sheet = MarketSheet(market: "Chợ Điện Biên", placards: Market.stalls(19), perPage: perPage)
        let expected = stride(from: 0, to: 19, by: perPage.rawValue).map { start in
            (start..<min(19, start + perPage.rawValue)).map { Market.placard($0).payload }
        }
        let pages = try PrintedPDF(sheet.pdf()).codesPerPage(dpi: MarketSheetTests.dpi(perPage), expected: expected.map(\.count))
        #expect(pages.count == expected.count)
        for (found, wanted) in zip(pages, expected) { #expect(found.sorted() == wanted.sorted()) }
        #expect(pages.flatMap { $0 }.duplicates.isEmpty)
    }

    @Test("each page names its stall holders with diacritics and ends with the market and page number")
    func text() throws {
        let sheet = MarketSheet(market: "Chợ Điện Biên", placards: Market.stalls(10), perPage: .four)
        let pages = try PrintedPDF(sheet.pdf()).textPerPage()
        #expect(pages.count == 3)
        for (index, page) in pages.enumerated() {
            for stall in (index * 4)..<min(10, index * 4 + 4) {
                let placard = Market.placard(stall)
                #expect(page.contains(placard.holderName), "page \(index + 1) lacks \(placard.holderName)")
                #expect(page.contains("Quầy \(placard.stallCode) "))
            }
            #expect(page.hasSuffix("Chợ Điện Biên — trang \(index + 1)/3"))
        }
    }

    @Test("fonts are embedded")
    func fonts() throws {
        let fonts = try PrintedPDF(MarketSheet(market: "Chợ Điện Biên", placards: Market.stalls(3)).pdf()).fonts()
        #expect(!fonts.isEmpty && fonts.allSatisfy { $0.embedded && $0.name.contains("NotoSans") })
    }

    @Test("progress is reported after every page, up to the whole sheet")
    func progress() throws {
        var reports: [MarketSheet.Progress] = []
        _ = try MarketSheet(market: "Chợ Điện Biên", placards: Market.stalls(10), perPage: .four).pdf { reports.append($0) }
        #expect(reports.map(\.pagesDone) == [1, 2, 3])
        #expect(reports.map(\.placardsDone) == [4, 8, 10])
        #expect(reports.allSatisfy { $0.pageCount == 3 && $0.placardCount == 10 })
    }

    @Test("cut marks stay in the margins, clear of every card, and mark every card edge", arguments: MarketSheet.PlacardsPerPage.allCases)
    func cutMarks(perPage: MarketSheet.PlacardsPerPage) {
        let geometry = SheetGeometry(perPage: perPage)
        let cards = (0..<perPage.rawValue).map { slot in
            let origin = geometry.cardOrigin(slot: slot)
            return Box(x: origin.x, y: origin.y, width: geometry.cardWidth, height: geometry.cardHeight)
        }
        let page = Box(x: 0, y: 0, width: geometry.pageWidth, height: geometry.pageHeight)
        for mark in geometry.cutMarks {
            let box = Box(
                x: min(mark.from.x, mark.to.x),
                y: min(mark.from.y, mark.to.y),
                width: abs(mark.to.x - mark.from.x),
                height: abs(mark.to.y - mark.from.y)
            )
            #expect(page.contains(box))
            for card in cards {
                #expect(box.maxX <= card.x || box.x >= card.maxX || box.maxY <= card.y || box.y >= card.maxY)
            }
        }
        // Each card edge lies on a marked line.
        let verticals = Set(geometry.cutMarks.filter { $0.from.x == $0.to.x }.map(\.from.x))
        let horizontals = Set(geometry.cutMarks.filter { $0.from.y == $0.to.y }.map(\.from.y))
        for card in cards {
            #expect(verticals.contains { abs($0 - card.x) < 1e-9 } && verticals.contains { abs($0 - card.maxX) < 1e-9 })
            #expect(horizontals.contains { abs($0 - card.y) < 1e-9 } && horizontals.contains { abs($0 - card.maxY) < 1e-9 })
        }
    }

    @Test("a sheet without placards is refused")
    func empty() {
        #expect(throws: PrintingError.noPlacards) { try MarketSheet(market: "Chợ Điện Biên", placards: []).pdf() }
    }

    @Test("a bad stall's error names it, and no PDF is made")
    func badStall() {
        var placards = Market.stalls(5)
        placards[2].payload = ""
        let code = placards[2].stallCode
        #expect(throws: PrintingError.qrCode(stallCode: code, .empty)) {
            try MarketSheet(market: "Chợ Điện Biên", placards: placards).pdf()
        }
    }
}
