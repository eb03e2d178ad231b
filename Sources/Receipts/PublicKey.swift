import COpenSSL
import Foundation

/// A verifying key: Ed25519 or ECDSA P-256, held as its SubjectPublicKeyInfo DER.
public struct PublicKey: Sendable, Hashable {
    public let algorithm: SignatureAlgorithm
    /// The SubjectPublicKeyInfo, DER.
    public let der: [UInt8]
    /// The key id of a seal: the first 8 bytes of SHA-256 over the SubjectPublicKeyInfo DER
    /// (worked out once: every seal names it).
    public let kid: [UInt8]
    let handle: KeyHandle

    init(handle: KeyHandle) throws(ReceiptError) {
        self.handle = handle
        self.algorithm = try handle.algorithm()
        self.der = try handle.publicKeyDER()
        self.kid = Array(OpenSSL.sha256(der).prefix(8))
    }

    /// A key from its SubjectPublicKeyInfo DER.
    public init(der: [UInt8]) throws(ReceiptError) {
        let key: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        guard let key else { throw .badKey("not a DER public key (SubjectPublicKeyInfo)") }
        try self.init(handle: KeyHandle(key))
    }

    /// A key from a `-----BEGIN PUBLIC KEY-----` PEM.
    public init(pem: String) throws(ReceiptError) {
        let key = try OpenSSL.withReadBIO(Array(pem.utf8)) { bio throws(ReceiptError) -> OpaquePointer in
            guard let key = PEM_read_bio_PUBKEY(bio, nil, nil, nil) else {
                throw .badKey("not a PEM public key (-----BEGIN PUBLIC KEY-----)")
            }
            return key
        }
        try self.init(handle: KeyHandle(key))
    }

    /// The key as PEM, `-----BEGIN PUBLIC KEY-----`.
    public var pem: String {
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN PUBLIC KEY-----\n\(base64)\n-----END PUBLIC KEY-----\n"
    }

    /// ``kid`` as 16 lowercase hex digits, as the trust list writes it.
    public var kidHex: String { Hex.encode(kid) }

    /// Whether `signature` (raw: 64 bytes, `r ‖ s` for ECDSA) signs `message` with this key.
    public func verifies(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64 else { return false }
        switch algorithm {
        case .ed25519: return handle.verify(signature, for: message)
        case .es256: return handle.verify(ECDSASignature.der(fromRaw64: signature), for: message)
        }
    }

    public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.der == rhs.der }
    public func hash(into hasher: inout Hasher) { hasher.combine(der) }
}

/// Lowercase hexadecimal.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `[0xAB, 0x01]` → "ab01".
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of an even number of hex digits (either case), nil for anything else.
    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        for index in stride(from: 0, to: utf8.count, by: 2) {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }
}
