import Billing
import Foundation
import Hummingbird
import Ledger
import Operations
import Printing
import QRCode
import Receipts
import VietnamCalendar

/// The payer's own page of a bill, at the unguessable link the slip, the receipt's email and the
/// bursar give them (`/p/<token>`): what is owed and how to pay it from a phone, then the sealed
/// receipt once it is paid. It shows that one bill and nothing else; a wrong, revoked or renewed
/// link gets one neutral page, the same for all.
struct PayerPageController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("p/:token", use: page)
        router.get("p/:token/qr.png", use: png)
        router.get("p/:token/receipt.pdf", use: receiptPDF)
    }

    /// A field the payer types into their bank app, with a button that copies it.
    struct CopyField {
        var id, label, value: String
    }

    struct SealedReceipt {
        var series, number, issuedAt, payerName, feeType, amount, amountInWords, issuer: String
        /// "Biên lai này thay thế biên lai 26T 0000012": the receipt was mended after the bill was paid.
        var note: String?
        var sealSVG, seal, verifyUrl, pdfUrl, rollUrl: String
    }

    struct PayerPage {
        var title: String
        var unitName: String
        var payerName: String
        var payerReference: String?
        var feeType: String
        var amount, amountInWords: String
        var dueDate: String?
        /// Open: what is left to pay, and how.
        var open: Bool
        var partlyPaid: String?
        var qrUrl: String
        var fields: [CopyField]
        var cancelled: String?
        var cancelReason: String?
        var receipt: SealedReceipt?
        /// Paid, but its receipt is still being sealed.
        var receiptPending: Bool
    }

    struct NotFoundPage {
        var title = "Không mở được phiếu"
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let (bill, unit) = try await self.bill(context) else { return Self.notFound() }
        let words = ReceiptSealer.words(bill.amountDue, unit: unit)
        var view = PayerPage(
            title: "Phiếu báo thu — \(unit.name)",
            unitName: unit.name,
            payerName: bill.payerName,
            payerReference: bill.payerReference,
            feeType: bill.feeType,
            amount: Amount.formatted(bill.amount),
            amountInWords: ReceiptSealer.words(bill.amount, unit: unit),
            dueDate: bill.dueDate.flatMap(BillDate.init)?.vietnamese,
            open: bill.status == .open,
            partlyPaid: nil,
            qrUrl: "/p/\(bill.payToken ?? "")/qr.png",
            fields: [],
            receiptPending: false
        )
        switch bill.status {
        case .open:
            if bill.paidAmount > 0 {
                view.partlyPaid =
                    "Đã nhận \(Amount.formatted(bill.paidAmount)); còn phải nộp \(Amount.formatted(bill.amountDue)) (\(words)). Mã QR dưới đây ghi số tiền của cả phiếu: hãy sửa số tiền trong ứng dụng ngân hàng thành \(Amount.formatted(bill.amountDue))."
            }
            let bank = unit.bankBin.map { services.banks[bin: $0]?.shortName ?? $0 } ?? ""
            view.fields = [
                CopyField(id: "bank", label: "Ngân hàng", value: bank),
                CopyField(id: "account", label: "Số tài khoản", value: unit.bankAccount ?? ""),
                CopyField(id: "holder", label: "Chủ tài khoản", value: unit.bankHolder ?? unit.name),
                CopyField(id: "amount", label: "Số tiền (đồng)", value: "\(bill.amountDue)"),
                CopyField(id: "content", label: "Nội dung chuyển khoản", value: bill.code),
            ]
        case .cancelled:
            view.cancelled =
                "Phiếu báo thu này đã được \(unit.name) huỷ\(bill.cancelledAt.map { " ngày " + VietnameseDate.string($0) } ?? ""). Không cần nộp tiền theo phiếu này."
            view.cancelReason = bill.cancelReason
        case .paid:
            if let receiptId = bill.receiptId {
                let receipt = try await services.ledger.standingReceipt(from: receiptId)
                let document = try await services.document(of: receipt, unit: unit)
                view.receipt = SealedReceipt(
                    series: document.series,
                    number: document.printedNumber,
                    issuedAt: VietnameseDate.string(document.issuedAt),
                    payerName: document.payerName,
                    feeType: document.feeType,
                    amount: Amount.formatted(document.amount),
                    amountInWords: document.amountInWords,
                    issuer: document.unitName,
                    note: document.note,
                    sealSVG: try QRMatrix(alphanumeric: document.seal).svg(size: .pixelsPerModule(3)),
                    seal: document.seal,
                    verifyUrl: document.verifyURL,
                    pdfUrl: "/p/\(bill.payToken ?? "")/receipt.pdf",
                    rollUrl: "/p/\(bill.payToken ?? "")/receipt.pdf?paper=58mm"
                )
            } else {
                view.receiptPending = true
            }
        }
        return Pages.render("payer", view)
    }

    /// The bill's VietQR code as a PNG to save to the phone's gallery (bank apps read a code from a
    /// picture); only while the bill is open.
    @Sendable func png(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let (bill, _) = try await self.bill(context), bill.status == .open else { return Self.notFound() }
        var response = Response.file(try QRMatrix(encoding: bill.payload).png(), type: "image/png")
        response.headers[.contentDisposition] = "inline; filename=\"ma-qr-\(bill.code.replacingOccurrences(of: " ", with: "-")).png\""
        return response
    }

    /// The receipt of a paid bill (the one that stands), A5 or `?paper=58mm`.
    @Sendable func receiptPDF(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let (bill, unit) = try await self.bill(context), bill.status == .paid, let receiptId = bill.receiptId else {
            return Self.notFound()
        }
        let receipt = try await services.ledger.standingReceipt(from: receiptId)
        let paper: ReceiptPaper = request.uri.queryParameters.get("paper") == "58mm" ? .roll58mm : .a5
        let document = try await services.document(of: receipt, unit: unit)
        var response = Response.file(try await services.work.run { try document.pdf(paper: paper) }, type: "application/pdf")
        response.headers[.contentDisposition] =
            "attachment; filename=\"bien-lai-\(document.series)-\(document.printedNumber)\(paper == .roll58mm ? "-58mm" : "").pdf\""
        return response
    }

    /// The bill the link names, and its unit; nil for a link that names none.
    private func bill(_ context: AppRequestContext) async throws -> (Bill, CommuneUnit)? {
        guard let token = context.parameters.get("token"), let bill = try await services.ledger.bill(payToken: token) else { return nil }
        return (bill, try await services.ledger.unit(bill.unitId))
    }

    /// One page for every link that opens nothing: never was, revoked, renewed, mistyped.
    static func notFound() -> Response {
        Pages.render("payer-missing", NotFoundPage(), status: .notFound)
    }
}
