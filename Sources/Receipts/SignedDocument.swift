import Foundation
import VietnamCalendar

/// The key that signs a document, as the document names it.
public struct Signer: Sendable, Hashable, Codable {
    /// 16 hex digits: the first 8 bytes of SHA-256 over the key's SubjectPublicKeyInfo.
    public var kid: String
    public var alg: SignatureAlgorithm
    public var publicKeyPem: String

    public init(_ key: PublicKey) {
        kid = key.kidHex
        alg = key.algorithm
        publicKeyPem = key.pem
    }

    /// The key itself, when the PEM reads and matches the kid and algorithm written.
    public func publicKey() throws(ReceiptError) -> PublicKey {
        let key = try PublicKey(pem: publicKeyPem)
        guard key.kidHex == kid.lowercased(), key.algorithm == alg else {
            throw .malformed("the signer's kid or algorithm does not match its public key")
        }
        return key
    }
}

/// A JSON document signed by a deployment's root key: the trust list, the status lists.
///
/// The signature (Base64) covers the document's JSON without its `signature` field, written with
/// sorted keys and no added space — the form ``signedBytes()`` gives, which a verifier rebuilds
/// from the document it reads. Every field is a string, a whole number or a list of them, so the
/// bytes come out the same after reading.
public protocol SignedDocument: Codable, Sendable {
    /// The key that signed it.
    var signer: Signer { get set }
    /// Base64 of the signature; nil before signing.
    var signature: String? { get set }
}

extension SignedDocument {
    /// The bytes the signature covers.
    public func signedBytes() throws(ReceiptError) -> [UInt8] {
        var unsigned = self
        unsigned.signature = nil
        do {
            return Array(try Self.encoder.encode(unsigned))
        } catch {
            throw .malformed("the document does not encode as JSON: \(error)")
        }
    }

    /// Names `key` as the signer and signs.
    public mutating func sign(with key: SigningKey) throws(ReceiptError) {
        signer = Signer(key.publicKey)
        signature = Data(try key.sign(signedBytes())).base64EncodedString()
    }

    /// Whether the document is signed by its named signer, and, when `pinned` is given, that the
    /// signer is that key.
    public func isSigned(pinned: PublicKey? = nil) -> Bool {
        guard let signature, let bytes = Data(base64Encoded: signature),
            let key = try? signer.publicKey(), pinned == nil || pinned == key,
            let message = try? signedBytes()
        else { return false }
        return key.verifies(Array(bytes), for: message)
    }

    /// The document as it is published: pretty, sorted keys.
    public func json() throws(ReceiptError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do { return Array(try encoder.encode(self)) } catch { throw .malformed("the document does not encode as JSON: \(error)") }
    }

    /// Reads a document published by ``json()``.
    public static func read(_ bytes: [UInt8]) throws(ReceiptError) -> Self {
        do {
            return try JSONDecoder().decode(Self.self, from: Data(bytes))
        } catch {
            throw .malformed("not a \(Self.self) JSON document: \(error)")
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension Date {
    /// ISO 8601 with the Vietnamese offset, to the second: "2026-09-05T08:30:00+07:00".
    public var vietnamISO8601: String {
        var format = Date.ISO8601FormatStyle(timeZone: .vietnam)
        format = format.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .colon)
        return self.formatted(format)
    }
}
