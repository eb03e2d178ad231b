import Foundation
import Ledger
import Operations
import Printing
import Receipts
import VietnamCalendar

extension AppServices {
    /// The verdict on a seal's text that an offline verifier holding today's trust list and the
    /// issuer's status list would reach: the same ``SealVerifier``, over the lists this server
    /// would hand out now (not signed: it reads them from its own ledger). The seal is read once.
    func verify(_ text: String) async throws -> SealVerifier.Verification {
        let root = try sealer.root().publicKey
        let opened = Result { () throws(ReceiptError) in try Seal.open(text) }
        // Only the keys the seal names: a verifier consults no other (and a province has thousands).
        let kid = (try? opened.get()).map { Hex.encode($0.kid) }
        let list = try await unsignedTrustList(ledger: ledger, root: root, kid: kid ?? "")
        var statusLists: [StatusList] = []
        if case .success(let message) = opened,
            let issuer = list.keys.first(where: { $0.kid.lowercased() == Hex.encode(message.kid) })
        {
            statusLists = [try await unsignedStatusList(ledger: ledger, unit: issuer.unitId, series: nil, root: root)]
        }
        let verification = SealVerifier(trustList: list, statusLists: statusLists).verify(opened: opened)
        return try await KeyRevocation.onRecord(verification, seal: text, ledger: ledger)
    }
}

/// The public verify page's view of a verification, in Vietnamese.
struct VerifyPage {
    struct Result {
        var valid: Bool
        var headline: String
        var explanation: String
        var hasReceipt: Bool
        var formCode: String?
        var series: String?
        var number: String?
        var issuedAt: String?
        var payerName: String?
        var payerReference: String?
        var feeLabel: String?
        var amount: String?
        var amountInWords: String?
        var supersedes: String?
        var issuer: TrustList.Key?
    }

    var title = "Xác thực biên lai"
    var code: String
    var result: Result?
    /// Why a photo gave no code.
    var problem: String?

    init(code: String, verification: SealVerifier.Verification?, problem: String? = nil) {
        self.code = code
        result = verification.map(Self.result)
        self.problem = problem
    }

    private static func result(_ verification: SealVerifier.Verification) -> Result {
        let claims = verification.claims
        let (headline, explanation) = words(verification)
        return Result(
            valid: verification.verdict == .valid,
            headline: headline,
            explanation: explanation,
            hasReceipt: claims != nil,
            formCode: claims?.documentType.formCode ?? (claims == nil ? nil : "Xác nhận thanh toán"),
            series: claims?.series,
            number: claims.map { ReceiptNumbering.padded($0.number) },
            issuedAt: claims.map { VietnameseDate.string($0.issuedAt) },
            payerName: claims?.payerName,
            payerReference: claims?.payerReference,
            feeLabel: claims?.feeLabel,
            amount: claims.map { Printing.Amount.formatted($0.amount) },
            amountInWords: claims.map { AmountInWords(capitalised: true).dong($0.amount) },
            supersedes: claims?.supersedes.map {
                "\($0.kind == .replaces ? "Thay thế cho" : "Điều chỉnh cho") biên lai ký hiệu \($0.series) số \(ReceiptNumbering.padded($0.number))"
            },
            issuer: verification.issuer
        )
    }

    /// The verdict as a person reads it: a headline and a sentence on what it means.
    static func words(_ verification: SealVerifier.Verification) -> (String, String) {
        let unit = verification.issuer?.unitName ?? "đơn vị phát hành"
        switch verification.verdict {
        case .valid:
            return ("hợp lệ", "Chữ ký số của \(unit) khớp với nội dung biên lai. Hãy so các thông tin dưới đây với biên lai giấy.")
        case .badSignature:
            return ("chữ ký không khớp", "Nội dung mã đã bị thay đổi, hoặc biên lai không do \(unit) phát hành.")
        case .unknownKey:
            return ("không rõ đơn vị phát hành", "Khóa ký của mã này không có trong danh sách đơn vị tin cậy.")
        case .revokedKey:
            return ("khóa ký đã bị thu hồi", KeyStanding.revokedSentence(verification, unit: unit))
        case .outsideValidity:
            return ("ngoài thời hạn hiệu lực của khóa ký", KeyStanding.validitySentence(verification, unit: unit))
        case .replaced:
            let by = verification.superseded?.by ?? ""
            let verb = verification.superseded?.status == .adjusted ? "điều chỉnh" : "thay thế"
            return ("biên lai đã bị \(verb)", "Biên lai này đã được \(unit) \(verb) bằng biên lai \(by).")
        case .malformed:
            return ("không phải mã biên lai", "Mã biên lai bắt đầu bằng BL1: và được in dưới dạng mã QR trên biên lai (\(verification.reason)).")
        }
    }
}
