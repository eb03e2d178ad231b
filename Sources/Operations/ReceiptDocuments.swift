import Foundation
import Ledger
import Printing
import Receipts
import VietQR
import VietnamCalendar

extension Receipt.Method {
    /// How the receipt names the way the money came (hình thức thanh toán).
    public var label: String {
        switch self {
        case .qr: "Chuyển khoản qua mã QR"
        case .transfer: "Chuyển khoản"
        case .cash: "Tiền mặt"
        }
    }
}

/// The printed form of receipts (A5, 58 mm, the receipt page).
public enum ReceiptDocuments {
    /// What the printed receipt shows: the receipt, its unit, the receipt it mends, its bill's code,
    /// and `verifyURL` of its seal. Refused for a unit without an address (TT 32/2025 requires it).
    public static func document(
        of receipt: Receipt,
        unit: CommuneUnit,
        ledger: Ledger,
        banks: BankDirectory,
        verifyURL: (String) -> String
    ) async throws -> ReceiptDocument {
        guard let address = unit.address else {
            throw PrintoutError.noAddress(unitId: unit.id, unitName: unit.name)
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
            verifyURL: verifyURL(receipt.seal)
        )
    }
}
