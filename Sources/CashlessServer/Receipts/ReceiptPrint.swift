import Foundation
import Ledger
import Printing
import QRCode
import Receipts

extension Receipt.Method {
    /// How the receipt names the way the money came (hình thức thanh toán).
    var label: String {
        switch self {
        case .qr: "Chuyển khoản qua mã QR"
        case .transfer: "Chuyển khoản"
        case .cash: "Tiền mặt"
        }
    }
}

extension AppServices {
    /// What the printed receipt shows: the receipt, its unit, the receipt it mends, its bill's code.
    func document(of receipt: Receipt, unit: CommuneUnit) async throws -> ReceiptDocument {
        guard let address = unit.address else {
            throw APIProblem.conflict(
                "a receipt shows its unit's address (TT 32/2025), and \(unit.name) has none: set it with PATCH /v1/units/\(unit.id)"
            )
        }
        var note: String?
        if let earlierId = receipt.supersedesId {
            let earlier = try await ledger.receipt(earlierId)
            let date = VietnameseDate.string(earlier.issuedAt).prefix(10)
            note =
                "\(earlier.status == .adjusted ? "Điều chỉnh cho" : "Thay thế cho") biên lai mẫu số \(earlier.formCode), ký hiệu \(earlier.series), số \(ReceiptNumbering.padded(earlier.number)), ngày \(date)"
        }
        var billCode: String?
        if let billId = receipt.billId { billCode = try await ledger.bill(billId).code }
        let bank = unit.bankBin.map { banks[bin: $0]?.shortName ?? $0 }
        return ReceiptDocument(
            unitName: unit.name,
            unitTaxCode: unit.taxCode,
            unitAddress: address,
            unitBankAccount: unit.bankAccount.map { [bank, $0].compactMap { $0 }.joined(separator: " ") },
            formCode: receipt.formCode,
            series: receipt.series,
            number: receipt.number,
            issuedAt: receipt.issuedAt,
            payerName: receipt.payerName,
            payerReference: receipt.payerReference,
            payerAddress: receipt.payerAddress,
            feeType: receipt.feeType,
            lineItems: receipt.items.map { .init(label: $0.label, amount: $0.amount) },
            amount: receipt.amount,
            amountInWords: receipt.amountInWords,
            paymentMethod: receipt.method.label,
            billCode: billCode,
            note: note,
            status: ReceiptDocument.Status(rawValue: receipt.status.rawValue) ?? .issued,
            seal: receipt.seal,
            verifyURL: verifyURL(seal: receipt.seal)
        )
    }
}

/// The receipt page's view: the printed receipt's texts, and the seal as an inline SVG.
struct ReceiptPage {
    struct Line {
        var label: String
        var amount: String
    }
    struct Body {
        var superseded: String?
        var formCode, series, number, issuedAt: String
        var unitName: String
        var unitTaxCode, unitAddress, unitAccount: String?
        var payerName: String
        var payerReference, payerAddress: String?
        var feeType: String
        var hasItems: Bool
        var items: [Line]
        var amount, amountInWords, method: String
        var supersedes: String?
        var sealSVG: String
        var seal, verifyUrl, pdfUrl, rollUrl: String
    }

    /// What the mending form starts from, on a signed-in bursar's page of a receipt that still stands.
    struct Mend {
        var payerName: String
        var payerReference: String?
        var feeType: String
        var amount: UInt64
    }

    var title: String
    var receipt: Body
    var id: Int64
    var signedIn: User?
    var csrf: String?
    var mend: Mend?

    /// The page of `document`; its PDF links start with `links` (`/v1` for the API, empty for the pages).
    init(_ document: ReceiptDocument, id: Int64, links: String = "/v1") throws {
        self.id = id
        title = "Biên lai \(document.series) \(document.printedNumber)"
        receipt = Body(
            superseded: document.status.band,
            formCode: document.formCode,
            series: document.series,
            number: document.printedNumber,
            issuedAt: VietnameseDate.string(document.issuedAt),
            unitName: document.unitName,
            unitTaxCode: document.unitTaxCode,
            unitAddress: document.unitAddress,
            unitAccount: document.unitBankAccount,
            payerName: document.payerName,
            payerReference: document.payerReference,
            payerAddress: document.payerAddress,
            feeType: document.feeType,
            hasItems: !document.lineItems.isEmpty,
            items: document.lineItems.map { Line(label: $0.label, amount: Amount.formatted($0.amount)) },
            amount: Amount.formatted(document.amount),
            amountInWords: document.amountInWords,
            method: document.paymentMethod,
            supersedes: document.note,
            sealSVG: try QRMatrix(alphanumeric: document.seal).svg(size: .pixelsPerModule(4)),
            seal: document.seal,
            verifyUrl: document.verifyURL,
            pdfUrl: "\(links)/receipts/\(id).pdf",
            rollUrl: "\(links)/receipts/\(id).pdf?paper=58mm"
        )
    }
}
