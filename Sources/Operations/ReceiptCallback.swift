import Foundation
import Ledger
import Receipts

/// What a unit's gateway (its Zalo OA, its SMS service) is posted when a receipt is issued for
/// a payer with a phone: JSON, signed as banks sign their notifications
/// (``BankSignature/sign(body:timestamp:secret:)``: `X-Cashless-Timestamp`, and
/// `X-Cashless-Signature: sha256=<hex>` over `<timestamp>.<body>`), so a gateway checks it
/// with the code it would use for a bank. `X-Cashless-Delivery` carries the delivery's id: the
/// same id again is a retry of a message the gateway may have sent already.
public struct ReceiptCallback: Sendable, Hashable, Codable {
    public struct Unit: Sendable, Hashable, Codable {
        public var id: Int64
        public var name: String
    }
    public struct Payer: Sendable, Hashable, Codable {
        public var name: String
        /// International form: `+84912345678`.
        public var phone: String
    }
    public struct IssuedReceipt: Sendable, Hashable, Codable {
        public var id: Int64
        public var formCode: String
        public var series: String
        public var number: Int64
        /// ISO 8601, Vietnam time.
        public var issuedAt: String
    }

    /// `receipt.issued`.
    public var event: String
    public var deliveryId: Int64
    public var unit: Unit
    public var billCode: String?
    public var payer: Payer
    /// In đồng.
    public var amount: UInt64
    public var amountInWords: String
    public var feeType: String
    /// The payer's page of the bill (nil when the unit revoked its link).
    public var link: String?
    public var receipt: IssuedReceipt
    public var verifyUrl: String

    public init(delivery: Delivery, receipt: Receipt, unit: CommuneUnit, billCode: String?, link: String?, verifyURL: String) {
        event = "receipt.issued"
        deliveryId = delivery.id
        self.unit = Unit(id: unit.id, name: unit.name)
        self.billCode = billCode
        payer = Payer(name: receipt.payerName, phone: delivery.target)
        amount = receipt.amount
        amountInWords = receipt.amountInWords
        feeType = receipt.feeType
        self.link = link
        self.receipt = IssuedReceipt(
            id: receipt.id,
            formCode: receipt.formCode,
            series: receipt.series,
            number: receipt.number,
            issuedAt: receipt.issuedAt.vietnamISO8601
        )
        verifyUrl = verifyURL
    }

    /// The body as posted: JSON with sorted keys.
    public func body() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The headers that sign `body` at `time` with `secret`, and name the delivery.
    public static func headers(body: Data, secret: String, time: Date, deliveryId: Int64) -> [(String, String)] {
        let timestamp = String(Int64(time.timeIntervalSince1970))
        return [
            (BankSignature.timestampHeader, timestamp),
            (BankSignature.signatureHeader, BankSignature.sign(body: body, timestamp: timestamp, secret: secret)),
            ("X-Cashless-Delivery", String(deliveryId)),
        ]
    }
}
