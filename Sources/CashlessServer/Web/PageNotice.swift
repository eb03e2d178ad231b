import Accounts
import Crypto
import Foundation
import Hummingbird
import Ledger

/// The notice a page shows after its form did its work ("Đã thêm quầy Q12"), carried in the
/// redirect's query with a MAC keyed by the session's form token: a link someone else made,
/// `/units/3?notice=Tài khoản trường đã đổi…`, shows nothing on a signed-in page.
enum PageNotice {
    /// `notice=<text>&seal=<mac>` for `text`, for `session`'s next page.
    static func query(_ text: String, session: UserSession) -> String {
        "notice=" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") + "&seal=" + mac(text, session)
    }

    /// The notice of `request`'s query when `session` sealed it; nil otherwise.
    static func read(_ request: Request, session: UserSession) -> String? {
        let query = Form(query: request)
        guard let text = query["notice"], let seal = query["seal"],
            ConstantTime.equal(Array(seal.utf8), Array(mac(text, session).utf8))
        else { return nil }
        return text
    }

    private static func mac(_ text: String, _ session: UserSession) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(session.csrfToken.utf8)))
        return code.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
