import Foundation
import Receipts
import VietnamCalendar

/// What the verify page says of a seal refused for its key's standing: revoked (from when, and
/// why) or outside the key's validity, in Vietnamese.
enum KeyStanding {
    /// "Khóa ký của … đã bị thu hồi từ 20/11/2026 08:00 vì khóa có thể đã bị lộ. Biên lai này ghi
    /// ngày …, không sớm hơn thời điểm thu hồi, nên không được công nhận." For a seal dated before
    /// a compromise that the unit's ledger does not hold, that it is not on record.
    static func revokedSentence(_ verification: SealVerifier.Verification, unit: String) -> String {
        let issuer = verification.issuer
        guard let revokedAt = issuer?.revokedAt.flatMap(ISO8601Time.date) else {
            return "Khóa ký của \(unit) đã bị thu hồi; biên lai này không được công nhận."
        }
        let why =
            switch issuer?.revocationReason {
            case .compromised?: " vì khóa có thể đã bị lộ"
            case .superseded?: " vì đã được thay thế"
            case nil: ""
            }
        let revoked = "Khóa ký của \(unit) đã bị thu hồi từ \(VietnameseDate.string(revokedAt))\(why)."
        guard let issuedAt = verification.claims?.issuedAt else { return revoked + " Biên lai này không được công nhận." }
        let dated = " Biên lai này ghi ngày \(VietnameseDate.string(issuedAt))"
        if issuedAt < revokedAt {
            return revoked + dated + ", trước thời điểm đó, nhưng không có trong sổ biên lai của \(unit), nên không được công nhận."
        }
        return revoked + dated + ", không sớm hơn thời điểm thu hồi, nên không được công nhận."
    }

    /// "Biên lai ghi ngày …, ngoài thời hạn hiệu lực của khóa ký (từ … đến …)".
    static func validitySentence(_ verification: SealVerifier.Verification, unit: String) -> String {
        let issuer = verification.issuer
        let from = issuer.flatMap { ISO8601Time.date($0.validFrom) }.map { "từ \(VietnameseDate.string($0))" }
        let to = issuer?.validTo.flatMap(ISO8601Time.date).map { "đến \(VietnameseDate.string($0))" }
        let window = [from, to].compactMap { $0 }.joined(separator: " ")
        let dated = verification.claims.map { "Biên lai ghi ngày \(VietnameseDate.string($0.issuedAt)), " } ?? "Biên lai "
        return dated + "ngoài thời hạn hiệu lực của khóa ký của \(unit)" + (window.isEmpty ? "" : " (\(window))")
            + "; biên lai này không được công nhận."
    }
}
