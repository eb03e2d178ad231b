import Crypto
import Foundation
import Ledger
import Messaging
import Printing
import Receipts
import VietnamCalendar

/// The email that carries a receipt to its payer, in Vietnamese: the subject names the receipt
/// and the unit, the text says what was paid (in figures and in words), where the payer's page
/// and the verify page are, and the A5 PDF of the receipt is attached. Pure: the PDF is given.
public enum ReceiptEmail {
    /// "Biên lai điện tử 26T 0000123 — Trường Tiểu học Điện Biên".
    public static func subject(_ receipt: Receipt, unitName: String) -> String {
        "Biên lai điện tử \(receipt.series) \(ReceiptNumbering.padded(receipt.number)) — \(unitName)"
    }

    /// `bien-lai-26T-0000123.pdf`.
    public static func filename(_ receipt: Receipt) -> String {
        "bien-lai-\(receipt.series)-\(ReceiptNumbering.padded(receipt.number)).pdf"
    }

    /// The text of the email.
    public static func text(
        _ receipt: Receipt,
        unit: CommuneUnit,
        billCode: String?,
        payerLink: String?,
        verifyURL: String
    ) -> String {
        var lines = [
            "Kính gửi \(receipt.payerName),",
            "",
            "\(unit.name) xác nhận đã nhận khoản nộp của quý vị và gửi kèm biên lai điện tử.",
            "",
            "Khoản thu: \(receipt.feeType)",
            "Số tiền: \(Amount.formatted(receipt.amount))",
            "Bằng chữ: \(receipt.amountInWords)",
            "Hình thức: \(receipt.method.label)",
            "Biên lai: mẫu số \(receipt.formCode), ký hiệu \(receipt.series), số \(ReceiptNumbering.padded(receipt.number)), lập lúc \(VietnameseDate.string(receipt.issuedAt))",
        ]
        if let billCode { lines.append("Mã phiếu báo thu: \(billCode)") }
        lines += [
            "",
            "Biên lai (PDF, khổ A5) được đính kèm thư này. Mã QR trên biên lai là con dấu điện tử: ai cũng kiểm tra được biên lai là thật.",
        ]
        if let payerLink { lines += ["", "Xem phiếu và biên lai của quý vị:", payerLink] }
        lines += ["", "Kiểm tra biên lai:", verifyURL]
        lines += ["", "Thư này được gửi tự động, xin đừng trả lời thư.", unit.name]
        if let address = unit.address { lines.append(address) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The Message-ID of delivery `id` (of unit `unitId`, queued at `created`), in the sender's
    /// domain: `delivery-<id>.<16 hex digits>@domain`, the same at every attempt (a mail server or
    /// a reader that got one attempt already knows the next for the same message), the hex
    /// digits keeping two deployments' delivery 1 apart.
    public static func messageID(delivery id: Int64, unit unitId: Int64, created: Date, from sender: String) -> String {
        let domain = sender.split(separator: "@").last.map(String.init) ?? "localhost"
        let digest = SHA256.hash(data: Data("\(id)|\(unitId)|\(created.timeIntervalSince1970)|\(sender)".utf8))
        let hex = digest.prefix(8).map { String(format: "%02x", $0) }.joined()
        return "delivery-\(id).\(hex)@\(domain)"
    }

    /// The whole message to `to`, from `settings`' sender (named after the unit when the settings
    /// give no name), with `pdf` attached; its Message-ID `messageID`, a new one when nil.
    public static func message(
        _ receipt: Receipt,
        unit: CommuneUnit,
        billCode: String?,
        payerLink: String?,
        verifyURL: String,
        pdf: [UInt8],
        to: String,
        from settings: SMTPSettings,
        date: Date,
        messageID: String? = nil
    ) -> MailMessage {
        MailMessage(
            from: MailAddress(settings.from, name: settings.fromName ?? unit.name),
            to: [MailAddress(to, name: receipt.payerName)],
            subject: subject(receipt, unitName: unit.name),
            date: date,
            messageID: messageID ?? MailMessage.newID(for: settings.from),
            text: text(receipt, unit: unit, billCode: billCode, payerLink: payerLink, verifyURL: verifyURL),
            attachments: [MailMessage.Attachment(filename: filename(receipt), contentType: "application/pdf", data: Data(pdf))]
        )
    }
}
