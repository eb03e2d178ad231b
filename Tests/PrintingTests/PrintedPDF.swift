import Foundation
import ReadBack

/// A PDF written to a scratch directory and read back the way a person would check it: pages
/// rasterised by poppler and scanned by zbar, text extracted, fonts listed.
struct PrintedPDF {
    let directory: ScratchDirectory
    let path: String

    init(_ bytes: [UInt8]) throws {
        directory = try ScratchDirectory()
        path = try directory.write(bytes, to: "printed.pdf")
    }

    /// Every page's size in millimetres.
    func pageSizes() throws -> [(width: Double, height: Double)] {
        try Poppler.pageSizes(pdfAt: path).map { ($0.width * 25.4 / 72, $0.height * 25.4 / 72) }
    }

    /// The QR codes zbarimg reads on each page rendered at `dpi`, where page `i` should hold
    /// `expected[i]` of them.
    func codesPerPage(dpi: Int, expected: [Int]) throws -> [[String]] {
        let pages = try Poppler.rasterise(pdfAt: path, dpi: dpi, pageCount: pageSizes().count, into: directory)
        guard pages.count == expected.count else {
            throw ToolFailure(command: "pdftoppm", reason: "\(pages.count) pages, not \(expected.count)")
        }
        return try ZBar.read(pagesAt: pages, expected: expected)
    }

    /// Each page's text, with every run of white space (line breaks too) made one space.
    func textPerPage() throws -> [String] {
        try Poppler.text(pdfAt: path).map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    }

    /// The fonts in the file.
    func fonts() throws -> [Poppler.Font] { try Poppler.fonts(pdfAt: path) }
}

extension Array where Element: Hashable {
    /// The elements that occur more than once.
    var duplicates: Set<Element> {
        var seen = Set<Element>()
        var twice = Set<Element>()
        for element in self where !seen.insert(element).inserted { twice.insert(element) }
        return twice
    }
}
