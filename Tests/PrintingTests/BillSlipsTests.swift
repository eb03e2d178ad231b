import Foundation
import Printing
import ReadBack
import Testing

@Suite("Bill slips")
struct BillSlipsTests {
    static let title = "Học phí tháng 12/2026 – Lớp 5A"

    @Test("9 slips take 3 A4 portrait pages; zbarimg finds each page's payloads, every one once")
    func codes() throws {
        let slips = (0..<9).map(Receipts.slip)
        #expect(Set(slips.map(\.payload)).count == 9)
        let pdf = try PrintedPDF(BillSlips.pdf(slips, title: BillSlipsTests.title))
        let sizes = try pdf.pageSizes()
        #expect(sizes.count == 3 && BillSlips.pageCount(9) == 3)
        for size in sizes { #expect(abs(size.width - 210) < 0.1 && abs(size.height - 297) < 0.1) }
        let pages = try pdf.codesPerPage(dpi: 100, expected: [4, 4, 1])
        let wanted = [Array(slips[0..<4]), Array(slips[4..<8]), [slips[8]]].map { $0.map(\.payload) }
        #expect(pages.count == 3)
        for (found, expected) in zip(pages, wanted) { #expect(found.sorted() == expected.sorted()) }
        let all = pages.flatMap { $0 }
        #expect(all.count == 9 && Set(all) == Set(slips.map(\.payload)) && all.duplicates.isEmpty)
    }

    @Test("each slip shows its payer, amount, due date and transfer content; each page ends with the title and page")
    func text() throws {
        let slips = (0..<9).map(Receipts.slip)
        let pages = try PrintedPDF(BillSlips.pdf(slips, title: BillSlipsTests.title)).textPerPage()
        #expect(pages.count == 3)
        for (index, page) in pages.enumerated() {
            for slip in slips[(index * 4)..<min(9, index * 4 + 4)] {
                for expected in [
                    "PHIẾU BÁO THU Trường Tiểu học Điện Biên Người nộp: \(slip.payerName)",
                    "Mã người nộp: \(slip.payerReference!)", "Khoản thu: Học phí tháng 12/2026",
                    Amount.formatted(slip.amount), "Hạn nộp: 15/12/2026",
                    "Nội dung chuyển khoản: \(slip.billCode)", "Ngân hàng: Vietcombank",
                    "Số tài khoản: 0011001234567", "Chủ tài khoản: TRUONG TIEU HOC DIEN BIEN",
                ] {
                    #expect(page.contains(expected), "page \(index + 1) lacks '\(expected)'")
                }
            }
            #expect(page.hasSuffix("\(BillSlipsTests.title) — trang \(index + 1)/3"))
        }
        #expect(!pages[2].contains(slips[7].billCode) && pages[1].contains(slips[7].billCode))
    }

    @Test("a slip without a due date prints none")
    func noDueDate() throws {
        var slip = Receipts.slip(2)
        slip.dueDate = nil
        let text = try PrintedPDF(BillSlips.pdf([slip], title: "Khám bệnh")).textPerPage()
        #expect(text.count == 1 && !text[0].contains("Hạn nộp") && text[0].hasSuffix("Khám bệnh — trang 1/1"))
    }

    @Test("fonts are embedded")
    func fonts() throws {
        let fonts = try PrintedPDF(BillSlips.pdf([Receipts.slip(0)], title: BillSlipsTests.title)).fonts()
        #expect(!fonts.isEmpty && fonts.allSatisfy { $0.embedded && $0.name.contains("NotoSans") })
    }

    @Test("no slips, a bad payload and an undrawable text are refused, naming the bill and the field")
    func refused() {
        #expect(throws: PrintingError.noBillSlips) { try BillSlips.pdf([], title: BillSlipsTests.title) }
        var slips = (0..<5).map(Receipts.slip)
        slips[3].payload = ""
        #expect(throws: PrintingError.slipCode(billCode: slips[3].billCode, .empty)) {
            try BillSlips.pdf(slips, title: BillSlipsTests.title)
        }
        slips[3] = Receipts.slip(3)
        slips[1].payerName = "Lê \u{E000}"
        #expect(
            throws: PrintingError.unrenderableSlipText(
                billCode: slips[1].billCode,
                field: .payerName,
                text: "Người nộp: Lê \u{E000}"
            )
        ) {
            try BillSlips.pdf(slips, title: BillSlipsTests.title)
        }
        #expect(throws: PrintingError.unrenderableSlipText(billCode: nil, field: .title, text: "Lớp \u{E000}")) {
            try BillSlips.pdf([Receipts.slip(0)], title: "Lớp \u{E000}")
        }
    }
}
