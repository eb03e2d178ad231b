/// A COSE_Sign1 message (RFC 9052 §4.2), tagged 18: protected header `{1: alg}`, unprotected
/// header `{4: kid}`, the payload, and a 64-byte signature over the `Sig_structure`.
public struct COSESign1: Sendable, Hashable {
    /// The CBOR tag of a COSE_Sign1 message.
    public static let tag: UInt64 = 18

    public let algorithm: SignatureAlgorithm
    /// The key id (8 bytes for a seal).
    public let kid: [UInt8]
    public let payload: [UInt8]
    public let signature: [UInt8]
    /// The protected header as written (its bytes are signed).
    public let protectedHeader: [UInt8]

    /// Signs `payload` with `key`, naming the key by its kid.
    public static func sign(_ payload: [UInt8], with key: SigningKey) throws(ReceiptError) -> COSESign1 {
        let protected = key.algorithm == .ed25519 ? edDSAHeader : es256Header
        let signature = try key.sign(toBeSigned(protected: protected, payload: payload))
        return COSESign1(
            algorithm: key.algorithm,
            kid: key.publicKey.kid,
            payload: payload,
            signature: signature,
            protectedHeader: protected
        )
    }

    /// The bytes the signature covers: `["Signature1", protected, h'', payload]`.
    public var toBeSigned: [UInt8] { Self.toBeSigned(protected: protectedHeader, payload: payload) }

    /// The protected headers `{1: alg}` of the two algorithms, written once.
    private static let edDSAHeader = CBOR.map([(.unsigned(1), .int(SignatureAlgorithm.ed25519.coseIdentifier))]).encoded()
    private static let es256Header = CBOR.map([(.unsigned(1), .int(SignatureAlgorithm.es256.coseIdentifier))]).encoded()

    /// `CBOR.array([.text("Signature1"), .bytes(protected), .bytes([]), .bytes(payload)]).encoded()`,
    /// written straight into one buffer.
    static func toBeSigned(protected: [UInt8], payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(24 + protected.count + payload.count)
        CBOR.head(4, 4, into: &out)
        CBOR.head(3, 10, into: &out)
        out += "Signature1".utf8
        CBOR.appendBytes(protected, into: &out)
        CBOR.appendBytes([], into: &out)
        CBOR.appendBytes(payload, into: &out)
        return out
    }

    /// Whether the signature is `key`'s over this message.
    public func isSigned(by key: PublicKey) -> Bool {
        key.algorithm == algorithm && key.verifies(signature, for: toBeSigned)
    }

    /// The message's bytes, tagged 18.
    /// `CBOR.tagged(18, .array([.bytes(protectedHeader), .map([(.unsigned(4), .bytes(kid))]),
    /// .bytes(payload), .bytes(signature)])).encoded()`, written straight into one buffer.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(24 + protectedHeader.count + kid.count + payload.count + signature.count)
        CBOR.head(6, Self.tag, into: &out)
        CBOR.head(4, 4, into: &out)
        CBOR.appendBytes(protectedHeader, into: &out)
        CBOR.head(5, 1, into: &out)
        CBOR.head(0, 4, into: &out)
        CBOR.appendBytes(kid, into: &out)
        CBOR.appendBytes(payload, into: &out)
        CBOR.appendBytes(signature, into: &out)
        return out
    }

    /// Reads a tagged COSE_Sign1 message; the signature is not checked here.
    public static func decode(_ bytes: [UInt8]) throws(ReceiptError) -> COSESign1 {
        guard case .tagged(tag, .array(let parts)) = try CBOR.decode(bytes) else {
            throw .malformed("the seal is not a COSE_Sign1 message (CBOR tag 18)")
        }
        guard parts.count == 4, case .bytes(let protected) = parts[0], case .map = parts[1],
            case .bytes(let payload) = parts[2], case .bytes(let signature) = parts[3]
        else { throw .malformed("a COSE_Sign1 message has four parts: protected, unprotected, payload, signature") }
        let header = try CBOR.decode(protected)
        guard let identifier = header[1]?.int else { throw .malformed("the seal's protected header names no algorithm") }
        guard let algorithm = SignatureAlgorithm(coseIdentifier: identifier) else {
            throw .malformed("the seal's algorithm \(identifier) is neither EdDSA (-8) nor ES256 (-7)")
        }
        guard case .bytes(let kid)? = parts[1][4] ?? header[4] else { throw .malformed("the seal names no key (kid)") }
        guard signature.count == 64 else { throw .malformed("the seal's signature is \(signature.count) bytes, not 64") }
        return COSESign1(algorithm: algorithm, kid: kid, payload: payload, signature: signature, protectedHeader: protected)
    }
}
