import Foundation
import Printing
import ReadBack
import Testing

/// Whole markets of 500 stalls with long Vietnamese names: every code on every page is read
/// back, every name found with its diacritics. Pages are scanned a few at a time in parallel.
@Suite("500-stall market sheets")
struct LargeSheetTests {
    @Test(
        "all 500 codes read back, none twice, each on its page, with names and footers",
        arguments: [MarketSheet.PlacardsPerPage.eight, .one]
    )
    func fiveHundredStalls(perPage: MarketSheet.PlacardsPerPage) throws {
        let stalls = Market.stalls(500, longNames: true)
        let sheet = MarketSheet(market: "Chợ Điện Biên", placards: stalls, perPage: perPage)
        let pdf = try PrintedPDF(sheet.pdf())
        let expected = sheet.sortedPlacards
        #expect(expected.first?.stallCode == "Q1" && expected.last?.stallCode == "Q500")

        let wanted = (0..<sheet.pageCount).map { page in
            expected[(page * perPage.rawValue)..<min(500, (page + 1) * perPage.rawValue)].map(\.payload)
        }
        let pages = try pdf.codesPerPage(dpi: MarketSheetTests.dpi(perPage), expected: wanted.map(\.count))
        for (index, found) in pages.enumerated() {
            #expect(found.sorted() == wanted[index].sorted(), "page \(index + 1)")
        }
        let all = pages.flatMap { $0 }
        #expect(all.count == 500 && Set(all) == Set(stalls.map(\.payload)) && all.duplicates.isEmpty)

        let text = try pdf.textPerPage()
        #expect(text.count == sheet.pageCount)
        for (index, page) in text.enumerated() {
            for placard in expected[(index * perPage.rawValue)..<min(500, (index + 1) * perPage.rawValue)] {
                #expect(page.contains(placard.holderName), "page \(index + 1) lacks \(placard.holderName)")
            }
            #expect(page.hasSuffix("Chợ Điện Biên — trang \(index + 1)/\(sheet.pageCount)"))
        }
    }
}
