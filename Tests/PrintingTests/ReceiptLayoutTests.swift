import QRCode
import Testing

@testable import Printing

/// Receipts and bill slips measured with pango: every text inside the margins (or the slip's
/// frame), nothing overlapping anything else, the codes large enough to scan.
@Suite("Receipt and bill slip layout")
struct ReceiptLayoutTests {
    /// Lays out `receipt` on a throw-away PDF canvas, as `pdf(paper:)` does.
    func layout(_ receipt: ReceiptDocument, _ paper: ReceiptPaper) throws -> ReceiptLayout {
        let canvas = try Canvas.pdf(width: 100, height: 100, title: "test")
        let code = VectorCode(try QRMatrix(alphanumeric: receipt.seal))
        return try ReceiptLayout(receipt: receipt, code: code, paper: paper, typesetter: Typesetter(canvas: canvas))
    }

    /// Whether two boxes share any area.
    static func overlap(_ a: Box, _ b: Box) -> Bool {
        a.x < b.maxX - 1e-9 && b.x < a.maxX - 1e-9 && a.y < b.maxY - 1e-9 && b.y < a.maxY - 1e-9
    }

    /// Everything placed in `flow`: texts' line boxes, codes with their quiet zones, rules; a
    /// band's frame holds its text, so frames are checked apart.
    static func boxes<Field>(_ flow: Flow<Field>) -> [(String, Box)] {
        flow.texts.map { ($0.fitted.text, $0.logical) } + flow.codes.map { ("QR", $0.withQuietZone) }
            + flow.lines.filter { !$0.isFrame }.map { ("rule", $0.box) }
    }

    static var longReceipts: [ReceiptDocument] { Receipts.longNames.map(Receipts.long) + [Receipts.tuition] }

    @Test(
        "long texts shrink or wrap and stay inside the margins, clear of each other and of the seal",
        arguments: ReceiptPaper.allCases,
        longReceipts
    )
    func fitsInsideTheMargins(paper: ReceiptPaper, receipt: ReceiptDocument) throws {
        #expect(receipt == Receipts.tuition || receipt.payerName.count >= 80)
        let layout = try layout(receipt, paper)
        #expect(layout.page.contains(layout.content))
        for text in layout.flow.texts {
            #expect(layout.content.contains(text.logical), "\(text.fitted.text) is set outside the margins: \(text.logical)")
            #expect(layout.content.contains(text.ink), "\(text.fitted.text) inks outside the margins: \(text.ink)")
        }
        for code in layout.flow.codes {
            #expect(layout.content.contains(code.symbol) && layout.page.contains(code.withQuietZone))
        }
        for line in layout.flow.lines { #expect(layout.content.contains(line.box)) }
        let boxes = ReceiptLayoutTests.boxes(layout.flow)
        for (i, first) in boxes.enumerated() {
            for second in boxes[(i + 1)...] {
                #expect(!ReceiptLayoutTests.overlap(first.1, second.1), "'\(first.0)' overlaps '\(second.0)'")
            }
        }
        // The band's text is inside its frame.
        for frame in layout.flow.lines where frame.isFrame {
            #expect(layout.flow.texts.contains { frame.box.contains($0.logical) && $0.fitted.text.hasPrefix("ĐÃ BỊ") })
        }
    }

    @Test("a long name wraps at a smaller size rather than being cut; an absurd one is cut with an ellipsis")
    func longNameWraps() throws {
        let long = try layout(Receipts.long(Receipts.longNames[0]), .roll58mm)
        let payer = long.flow.texts.first { $0.field == .payerName }!.fitted
        #expect(payer.layout.lineCount > 1 && !payer.isEllipsized && payer.size < long.design.payer.size)
        let short = try layout(Receipts.tuition, .roll58mm).flow.texts.first { $0.field == .payerName }!.fitted
        #expect(short.size == long.design.payer.size && !short.isEllipsized)
        var absurd = Receipts.tuition
        absurd.payerName = String(repeating: "Nguyễn Thị Ngọc Phượng ", count: 20)
        let cut = try layout(absurd, .roll58mm).flow.texts.first { $0.field == .payerName }!.fitted
        #expect(cut.isEllipsized && cut.layout.lineCount == ReceiptDesign(paper: .roll58mm).payer.maxLines)
    }

    @Test(
        "the seal is at least 30 mm wide on A5 and 38 mm on the roll, within the roll's 48 mm",
        arguments: ReceiptPaper.allCases
    )
    func sealIsLargeEnough(paper: ReceiptPaper) throws {
        for receipt in ReceiptLayoutTests.longReceipts {
            let codes = try layout(receipt, paper).flow.codes
            #expect(codes.count == 1)
            let width = codes[0].symbol.width
            #expect(width >= (paper == .a5 ? 30 : 38) && width <= paper.width - 10)
        }
    }

    @Test("a long receipt keeps to its A5 page: texts set smaller, never past the bottom margin")
    func a5Shrinks() throws {
        var receipt = Receipts.long(Receipts.longNames[1])
        receipt.lineItems = (1...10).map { _ in .init(label: Receipts.longNames[1], amount: 1_000) }
        receipt.amount = 10_000
        let layout = try layout(receipt, .a5)
        #expect(layout.design.scale < 1 && layout.pageHeight == 210)
        #expect(layout.flow.y <= 210 - layout.design.bottom)
        #expect(try self.layout(Receipts.tuition, .a5).design.scale == 1)
    }

    /// Lays out `slip` on a throw-away PDF canvas, as a page of slips does.
    func layout(_ slip: BillSlip) throws -> BillSlipLayout {
        let canvas = try Canvas.pdf(width: 100, height: 100, title: "test")
        return try BillSlipLayout(slip: slip, code: slip.code(), typesetter: Typesetter(canvas: canvas))
    }

    static var longSlips: [BillSlip] {
        Receipts.longNames.map { name in
            var slip = Receipts.slip(7)
            slip.unitName = name
            slip.payerName = name
            slip.payerReference = name
            slip.feeType = name
            slip.amount = 99_999_999_999
            slip.billCode = String(name.prefix(50))
            slip.bankShortName = "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam – Chi nhánh Thanh Hoá"
            slip.accountHolder = name.uppercased()
            return slip
        } + [Receipts.slip(1)]
    }

    @Test(
        "a slip's long texts shrink or wrap and stay inside its frame, clear of each other and the code",
        arguments: longSlips
    )
    func slipFits(slip: BillSlip) throws {
        let layout = try layout(slip)
        for text in layout.flow.texts {
            #expect(BillSlipDesign.contentBox.contains(text.logical), "\(text.fitted.text) is set outside the frame")
            #expect(BillSlipDesign.contentBox.contains(text.ink), "\(text.fitted.text) inks outside the frame")
        }
        #expect(layout.flow.y <= BillSlipDesign.bottom)
        let boxes = ReceiptLayoutTests.boxes(layout.flow)
        for (i, first) in boxes.enumerated() {
            for second in boxes[(i + 1)...] {
                #expect(!ReceiptLayoutTests.overlap(first.1, second.1), "'\(first.0)' overlaps '\(second.0)'")
            }
        }
        #expect(BillSlipDesign.contentBox.contains(layout.flow.codes[0].withQuietZone))
    }

    @Test("a slip's QR code is at least 40 mm wide on its A4 page")
    func slipCodeIsLargeEnough() throws {
        for slip in ReceiptLayoutTests.longSlips {
            let symbol = try layout(slip).flow.codes[0].symbol.width
            #expect(symbol * SheetGeometry.billSlips.cardWidth / BillSlipDesign.width >= 40)
        }
    }

    @Test("slips' cut marks stay in the margins, clear of every slip")
    func slipCutMarks() {
        let geometry = SheetGeometry.billSlips
        #expect(geometry.perPage == 4)
        let cards = (0..<4).map { slot in
            let origin = geometry.cardOrigin(slot: slot)
            return Box(x: origin.x, y: origin.y, width: geometry.cardWidth, height: geometry.cardHeight)
        }
        let page = Box(x: 0, y: 0, width: 210, height: 297)
        for mark in geometry.cutMarks {
            let box = Box(
                x: min(mark.from.x, mark.to.x),
                y: min(mark.from.y, mark.to.y),
                width: abs(mark.to.x - mark.from.x),
                height: abs(mark.to.y - mark.from.y)
            )
            #expect(page.contains(box))
            for card in cards { #expect(!ReceiptLayoutTests.overlap(box, card)) }
        }
        for card in cards { #expect(page.contains(card) && card.maxY <= geometry.footerTop) }
    }
}
