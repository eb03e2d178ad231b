import Foundation
import Ledger
import Operations
import Printing
import QRCode
import Receipts
import VietnamCalendar

extension AppServices {
    /// What the printed receipt shows (``ReceiptDocuments/document(of:unit:ledger:banks:verifyURL:)``).
    func document(of receipt: Receipt, unit: CommuneUnit) async throws -> ReceiptDocument {
        try await ReceiptDocuments.document(of: receipt, unit: unit, ledger: ledger, banks: banks, verifyURL: verifyURL(seal:))
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
        /// The form's one-time token (``OnceToken``).
        var once: String
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
