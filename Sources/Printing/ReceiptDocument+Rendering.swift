import QRCode

extension ReceiptDocument {
    /// The receipt as a one-page PDF on `paper`: fonts embedded, the seal's QR code as vector
    /// art (alphanumeric mode, error correction M) with "Tra cứu / xác thực" and the verify URL
    /// under it. On A5 the page is A5 portrait (the texts set smaller when a long receipt needs
    /// it); on the 58 mm roll the page is as long as the receipt.
    public func pdf(paper: ReceiptPaper = .a5) throws(PrintingError) -> [UInt8] {
        try check()
        let matrix: QRMatrix
        do {
            matrix = try QRMatrix(alphanumeric: seal, errorCorrection: .medium)
        } catch {
            throw .sealCode(error)
        }
        guard matrix.version <= ReceiptDocument.largestSealVersion else {
            throw .invalidReceipt(
                field: .seal,
                reason: "needs a version \(matrix.version) QR code; at most version "
                    + "\(ReceiptDocument.largestSealVersion) prints large enough to scan"
            )
        }
        let code = VectorCode(matrix)
        let points = PageUnits.pointsPerMillimetre
        // The page's height is known only once the texts are set, which needs the canvas; the
        // page is sized before anything is drawn on it.
        let canvas = try Canvas.pdf(
            width: paper.width * points,
            height: (paper.fixedHeight ?? 200) * points,
            title: "\(title) \(series)-\(printedNumber)"
        )
        let layout = try ReceiptLayout(receipt: self, code: code, paper: paper, typesetter: Typesetter(canvas: canvas))
        canvas.setPageSize(width: paper.width * points, height: layout.pageHeight * points)
        try canvas.withSavedState {
            canvas.scale(points)
            layout.draw(on: canvas)
        }
        try canvas.endPage()
        return try canvas.finishPDF()
    }

    /// The largest QR version a seal may need: 65 modules, 0.52 mm each on A5, 0.65 mm on the
    /// roll (a real seal needs version 9 or 10, research §3.2).
    public static let largestSealVersion = 12

    /// Refuses what would print a wrong or empty receipt, naming the field.
    func check() throws(PrintingError) {
        let required: [(Field, String)] = [
            (.unitName, unitName), (.unitAddress, unitAddress), (.formCode, formCode), (.series, series),
            (.payerName, payerName), (.feeType, feeType), (.amountInWords, amountInWords),
            (.paymentMethod, paymentMethod), (.seal, seal), (.verifyURL, verifyURL),
        ]
        for (field, text) in required where text.allSatisfy(\.isWhitespace) {
            throw .invalidReceipt(field: field, reason: "is empty")
        }
        for (field, text) in [(Field.formCode, formCode), (.series, series)]
        where !text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            throw .invalidReceipt(field: field, reason: "'\(text)' is not letters and digits only")
        }
        guard (0...ReceiptDocument.largestNumber).contains(number) else {
            throw .invalidReceipt(field: .number, reason: "\(number) is not a number of at most 7 digits")
        }
        if !lineItems.isEmpty {
            var sum: UInt64 = 0
            for item in lineItems {
                let (next, overflow) = sum.addingReportingOverflow(item.amount)
                guard !overflow else { throw .invalidReceipt(field: .lineItem, reason: "the lines add up past any amount") }
                sum = next
            }
            guard sum == amount else {
                throw .invalidReceipt(
                    field: .lineItem,
                    reason: "the lines add up to \(Amount.formatted(sum)), not \(Amount.formatted(amount))"
                )
            }
        }
    }
}
