import Foundation
import Printing
import QRCode
import ReadBack
import Testing

@Suite("Receipt PDF")
struct ReceiptDocumentTests {
    /// Text without any white space, to find what may wrap (a URL breaks between characters).
    static func squeezed(_ text: String) -> String { text.filter { !$0.isWhitespace } }

    @Test("A5 is one A5 portrait page; the roll is 58 mm wide and as long as the receipt")
    func pageSizes() throws {
        let a5 = try PrintedPDF(Receipts.tuition.pdf(paper: .a5)).pageSizes()
        #expect(a5.count == 1 && abs(a5[0].width - 148) < 0.1 && abs(a5[0].height - 210) < 0.1)
        let roll = try PrintedPDF(Receipts.tuition.pdf(paper: .roll58mm)).pageSizes()
        #expect(roll.count == 1 && abs(roll[0].width - 58) < 0.1)
        // Longer content makes a longer roll.
        let longer = try PrintedPDF(Receipts.long(Receipts.longNames[0]).pdf(paper: .roll58mm)).pageSizes()
        #expect(roll[0].height > 100 && longer[0].height > roll[0].height + 20)
    }

    @Test("zbarimg reads exactly the seal from the printed PDF", arguments: ReceiptPaper.allCases)
    func sealDecodes(paper: ReceiptPaper) throws {
        for receipt in [Receipts.tuition, Receipts.replacement, Receipts.long(Receipts.longNames[1])] {
            #expect(receipt.seal.count >= 150 && receipt.seal.count <= 310 && receipt.seal.hasPrefix("BL1:"))
            #expect(try PrintedPDF(receipt.pdf(paper: paper)).codesPerPage(dpi: 200, expected: [1]) == [[receipt.seal]])
        }
    }

    @Test(
        "the text reads back with its diacritics: heading, symbols, unit, payer, amount, words, seal caption",
        arguments: ReceiptPaper.allCases
    )
    func text(paper: ReceiptPaper) throws {
        let receipt = Receipts.tuition
        let pages = try PrintedPDF(receipt.pdf(paper: paper)).textPerPage()
        #expect(pages.count == 1)
        let text = pages[0]
        #expect(text.hasPrefix("BIÊN LAI THU PHÍ, LỆ PHÍ (Bản thể hiện của biên lai điện tử)"))
        for expected in [
            "Mẫu số: EBL01", "Ký hiệu: 26T", "Số: 0000012", "Ngày 02 tháng 12 năm 2026, 07:14",
            "Trường Tiểu học Điện Biên", "Mã số thuế: 2801234567", "Số tài khoản: Vietcombank 0011001234567",
            "Người nộp: Nguyễn Thị Ngọc Ánh", "Mã người nộp: Mã HS: HS0123, lớp 5A", "Địa chỉ: Thôn Đông, xã Quảng Phú",
            "Tên loại phí, lệ phí: Học phí tháng 12/2026", "Tiền ăn bán trú tháng 12/2026 200.000 đ",
            "Số tiền: 1.250.000 đ", "Bằng chữ: Một triệu hai trăm năm mươi nghìn đồng",
            "Hình thức thanh toán: Chuyển khoản QR", "Mã khoản thu: HP26 7K3QX", "Tra cứu / xác thực",
        ] {
            #expect(text.contains(expected), "\(paper): no '\(expected)' in \(text)")
        }
        #expect(ReceiptDocumentTests.squeezed(text).contains(receipt.verifyURL))
        #expect(!text.contains("ĐÃ BỊ"))
    }

    @Test(
        "a replaced or adjusted receipt says so in a band; its replacement carries the note",
        arguments: ReceiptPaper.allCases
    )
    func status(paper: ReceiptPaper) throws {
        let replaced = try PrintedPDF(Receipts.replaced.pdf(paper: paper)).textPerPage()[0]
        #expect(replaced.contains("(Bản thể hiện của biên lai điện tử) ĐÃ BỊ THAY THẾ Mẫu số"))
        var adjusted = Receipts.tuition
        adjusted.status = .adjusted
        #expect(try PrintedPDF(adjusted.pdf(paper: paper)).textPerPage()[0].contains("ĐÃ BỊ ĐIỀU CHỈNH"))
        let replacement = try PrintedPDF(Receipts.replacement.pdf(paper: paper)).textPerPage()[0]
        #expect(replacement.contains("Số: 0000013"))
        #expect(replacement.contains("Thay thế cho biên lai mẫu số EBL01, ký hiệu 26T, số 0000012, ngày 01/12/2026"))
        #expect(!replacement.contains("ĐÃ BỊ"))
    }

    @Test("Noto Sans is embedded, regular and bold, with Unicode maps, and nothing else", arguments: ReceiptPaper.allCases)
    func fonts(paper: ReceiptPaper) throws {
        let fonts = try PrintedPDF(Receipts.replaced.pdf(paper: paper)).fonts()
        #expect(!fonts.isEmpty && fonts.allSatisfy { $0.embedded && $0.subset && $0.unicode })
        #expect(Set(fonts.map { $0.name.split(separator: "+").last.map(String.init) ?? "" }) == ["NotoSans-Regular", "NotoSans-Bold"])
    }

    @Test("decomposed (NFD) input prints the same precomposed text")
    func normalisesToNFC() throws {
        var decomposed = Receipts.tuition
        decomposed.payerName = decomposed.payerName.decomposedStringWithCanonicalMapping
        decomposed.amountInWords = decomposed.amountInWords.decomposedStringWithCanonicalMapping
        #expect(decomposed.payerName.unicodeScalars.count > Receipts.tuition.payerName.unicodeScalars.count)
        let text = try PrintedPDF(decomposed.pdf()).textPerPage()[0]
        #expect(text.unicodeScalars.elementsEqual(try PrintedPDF(Receipts.tuition.pdf()).textPerPage()[0].unicodeScalars))
    }

    @Test("the number prints with 7 digits, the date in Vietnam's time")
    func numberAndDate() {
        var receipt = Receipts.tuition
        #expect(receipt.printedNumber == "0000012" && receipt.printedDate == "Ngày 02 tháng 12 năm 2026, 07:14")
        receipt.number = 9_999_999
        // 17:30 UTC on 1 December is already 2 December in Hà Nội.
        receipt.issuedAt = Date(timeIntervalSince1970: 1_796_146_200)
        #expect(receipt.printedNumber == "9999999" && receipt.printedDate == "Ngày 02 tháng 12 năm 2026, 00:30")
        receipt.number = 0
        #expect(receipt.printedNumber == "0000000")
    }

    @Test("the heading is the fee receipt's for EBL form codes, a plain receipt's otherwise")
    func title() {
        var receipt = Receipts.tuition
        #expect(receipt.title == "BIÊN LAI THU PHÍ, LỆ PHÍ")
        receipt.formCode = "EBL02"
        #expect(receipt.title == "BIÊN LAI THU PHÍ, LỆ PHÍ")
        receipt.formCode = "PT01"
        #expect(receipt.title == "BIÊN LAI THU TIỀN")
    }

    @Test("what would print a wrong receipt is refused, naming the field")
    func invalid() {
        func expectRefused(_ error: PrintingError, _ change: (inout ReceiptDocument) -> Void) {
            var receipt = Receipts.tuition
            change(&receipt)
            for paper in ReceiptPaper.allCases {
                #expect(throws: error) { try receipt.pdf(paper: paper) }
            }
        }
        expectRefused(.invalidReceipt(field: .payerName, reason: "is empty")) { $0.payerName = "  " }
        expectRefused(.invalidReceipt(field: .seal, reason: "is empty")) { $0.seal = "" }
        expectRefused(.invalidReceipt(field: .number, reason: "10000000 is not a number of at most 7 digits")) { $0.number = 10_000_000 }
        expectRefused(.invalidReceipt(field: .number, reason: "-1 is not a number of at most 7 digits")) { $0.number = -1 }
        expectRefused(.invalidReceipt(field: .series, reason: "'26 T' is not letters and digits only")) { $0.series = "26 T" }
        expectRefused(.invalidReceipt(field: .lineItem, reason: "the lines add up to 1.200.000 đ, not 1.250.000 đ")) {
            $0.lineItems.removeLast()
        }
        expectRefused(.invalidReceipt(field: .lineItem, reason: "the lines add up past any amount")) {
            $0.lineItems = [.init(label: "A", amount: .max), .init(label: "B", amount: 1)]
        }
        expectRefused(.sealCode(.notAlphanumeric("a"))) { $0.seal = "BL1:aB" }
        let long = "BL1:" + String(repeating: "A", count: 600)
        let version = try! QRMatrix(alphanumeric: long).version
        #expect(version > ReceiptDocument.largestSealVersion)
        expectRefused(.invalidReceipt(field: .seal, reason: "needs a version \(version) QR code; at most version 12 prints large enough to scan")) {
            $0.seal = long
        }
        expectRefused(.unrenderableReceiptText(field: .payerName, text: "Người nộp: Nguyễn \u{E000}")) {
            $0.payerName = "Nguyễn \u{E000}"
        }
    }

    @Test("many lines set smaller on A5; too many for any size are refused there but print on the roll")
    func manyLines() throws {
        var receipt = Receipts.tuition
        receipt.lineItems = (1...14).map { .init(label: "Khoản thu số \($0) của tháng 12/2026", amount: 1_000) }
        receipt.amount = 14_000
        let pages = try PrintedPDF(receipt.pdf(paper: .a5)).textPerPage()
        #expect(pages.count == 1 && pages[0].contains("Khoản thu số 14 của tháng 12/2026 1.000 đ"))
        receipt.lineItems = (1...80).map { .init(label: "Khoản thu số \($0)", amount: 1_000) }
        receipt.amount = 80_000
        #expect(throws: PrintingError.receiptTooLong(paper: .a5, lineItemCount: 80)) { try receipt.pdf(paper: .a5) }
        let roll = try PrintedPDF(receipt.pdf(paper: .roll58mm))
        #expect(try roll.pageSizes()[0].height > 300)
        #expect(try roll.textPerPage()[0].contains("Khoản thu số 80 1.000 đ"))
    }
}
