import Foundation

/// The public verify page of a receipt's seal: `<publicURL>/verify?c=<seal>`, printed on the
/// receipt and sent with it.
public enum VerifyLink {
    /// The page's address for `seal` under `publicURL` (no trailing slash).
    public static func url(seal: String, publicURL: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(.init(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~:/")
        return "\(publicURL)/verify?c=" + (seal.addingPercentEncoding(withAllowedCharacters: allowed) ?? seal)
    }
}
