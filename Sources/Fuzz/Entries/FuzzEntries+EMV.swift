import Foundation
import VietQR

extension FuzzEntries {
    /// The input as a payload's text (bytes that are not UTF-8 become U+FFFD, as a request body's
    /// do): decoded, reported as `POST /v1/decode` reports it, and, when it is a VietQR, encoded
    /// again; what the encoder writes must decode without an error.
    public static func emv(_ bytes: [UInt8]) {
        let decoded = DecodedPayload(String(decoding: bytes, as: UTF8.self), banks: banks)
        _ = try? JSONEncoder().encode(DecodeReport(decoded, banks: banks))
        guard let payload = decoded.payload, let encoded = try? payload.encoded() else { return }
        let again = DecodedPayload(encoded)
        precondition(again.isValid, "the encoder wrote a payload the decoder refuses: \(encoded) \(again.problems)")
    }
}
