import Foundation

/// Base64 as the stored hashes and session tokens write it: standard alphabet for hashes,
/// URL-safe without padding for tokens that go in a cookie.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    static func decode(_ text: Substring) -> [UInt8]? { Data(base64Encoded: String(text)).map { Array($0) } }

    /// URL-safe, unpadded: `-` and `_` for `+` and `/`.
    static func urlSafe(_ bytes: [UInt8]) -> String {
        encode(bytes).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
