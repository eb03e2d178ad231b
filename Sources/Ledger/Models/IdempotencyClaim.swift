import Crypto
import Foundation

/// An idempotency key and the request it came with, bound as payment APIs bind them: a key names
/// one request (one operation on one record, with one input). The same key again with the same
/// request answers what the first one did and changes nothing; with any other request (another
/// body, another route, another receipt) it is refused, and nothing is written.
public struct IdempotencyClaim: Sendable, Hashable {
    /// The client's `Idempotency-Key`, or a page form's one-time token.
    public var key: String
    /// SHA-256, as hex, of the operation and the canonical JSON of its input.
    public var fingerprint: String

    /// `key` sent for `operation` (`issue receipt`, `replace receipt 12`, `match payment 7`) with
    /// `input`. The input is encoded as JSON with sorted keys, so the same values written otherwise
    /// (the JSON's spaces and key order, `"1.250.000"` for `1250000`) are the same request.
    public init(key: String, operation: String, input: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var hash = SHA256()
        hash.update(data: Data(operation.utf8))
        hash.update(data: Data([0]))
        hash.update(data: try encoder.encode(input))
        self.key = key
        self.fingerprint = hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
