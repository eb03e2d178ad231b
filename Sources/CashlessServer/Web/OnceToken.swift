import Hummingbird
import Ledger
import Rules

/// The one-time token each page form that makes a money record carries (`_once`: the cash desk,
/// a transfer's match, a receipt's replacement or adjustment): the form's idempotency key. A page
/// gives every such form a new token; sent twice (a double click, a reload of the answer, a retry
/// on a slow line), the form makes its record once, and the second sending shows what the first
/// did. The same token with other values is refused (`idempotency_key_reused`).
enum OnceToken {
    /// The field the token is posted in.
    static let field = "_once"

    /// A new token: 128 random bits as hex.
    static func new() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The token `form` carries, bound to `operation` with `input` (what the form asks for); a form
    /// without a token (not sent from its page) is refused with 400.
    static func claim(_ form: Form, _ operation: String, _ input: some Encodable) throws -> IdempotencyClaim {
        guard let token = form.text(field), token.count <= 100, token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else {
            throw APIProblem.badRequest(
                "the form has no one-time token: open the page again and send the form from it",
                errors: [.init(field: field, reason: "is missing or malformed")]
            )
        }
        return try IdempotencyClaim(key: "form-" + token, operation: operation, input: input)
    }
}
