import Foundation
import Receipts
import VietnamCalendar

/// What the verify page says of a seal refused for its key's standing: revoked (from when, and
/// why) or outside the key's validity, in Vietnamese.
enum KeyStanding {
    /// "Khóa ký của … đã bị thu hồi từ 20/11/2026 08:00 (bị lộ); …".
    static func revokedSentence(_ verification: SealVerifier.Verification, unit: String) -> String {
        let issuer = verification.issuer
        let since = issuer?.revokedAt.flatMap(ISO8601Time.date).map { " từ \(VietnameseDate.string($0))" } ?? ""
        let why =
            switch issuer?.revocationReason {
            case .compromised?: " vì khóa có thể đã bị lộ"
            case .superseded?: " vì đã được thay thế"
            case nil: ""
            }
        let dated = verification.claims.map { ", mà biên lai này ghi ngày \(VietnameseDate.string($0.issuedAt))" } ?? ""
        return "Khóa ký của \(unit) đã bị thu hồi\(since)\(why)\(dated); biên lai này không được công nhận."
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
