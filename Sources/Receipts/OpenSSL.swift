import COpenSSL

/// The one owner of OpenSSL key handles (`EVP_PKEY *`): frees the key when the last reference goes.
/// OpenSSL keys may sign and verify from several threads at once once made, so a handle is shared.
final class KeyHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }

    /// The key's algorithm, or a ``ReceiptError/badKey(_:)`` naming what it is instead.
    func algorithm() throws(ReceiptError) -> SignatureAlgorithm {
        switch EVP_PKEY_get_base_id(pointer) {
        case EVP_PKEY_ED25519: return .ed25519
        case EVP_PKEY_EC:
            var name = [CChar](repeating: 0, count: 64)
            var length = 0
            guard EVP_PKEY_get_group_name(pointer, &name, name.count, &length) == 1 else {
                throw .badKey("the EC key names no curve")
            }
            let curve = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard curve == "prime256v1" || curve == "P-256" else {
                throw .badKey("the EC key is on curve \(curve); a seal takes ECDSA P-256 (prime256v1) or Ed25519")
            }
            return .es256
        case EVP_PKEY_RSA, EVP_PKEY_RSA_PSS:
            throw .badKey("RSA keys do not fit a seal QR code; use an Ed25519 or ECDSA P-256 key")
        default:
            throw .badKey("the key is neither Ed25519 nor ECDSA P-256")
        }
    }

    /// The public key as SubjectPublicKeyInfo DER.
    func publicKeyDER() throws(ReceiptError) -> [UInt8] {
        let length = i2d_PUBKEY(pointer, nil)
        guard length > 0 else { throw .crypto(OpenSSL.lastError()) }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_PUBKEY(pointer, &cursor)
        }
        guard written == length else { throw .crypto(OpenSSL.lastError()) }
        return der
    }
}

/// Small pieces of OpenSSL used across the core: SHA-256, memory BIOs, error text.
enum OpenSSL {
    /// SHA-256 of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = EVP_Digest(bytes, bytes.count, &digest, &length, EVP_sha256(), nil)
        precondition(ok == 1 && length == 32, "OpenSSL's SHA-256 failed: \(lastError())")
        return digest
    }

    /// The oldest error on OpenSSL's queue as text (the queue is emptied).
    static func lastError() -> String {
        let code = ERR_get_error()
        defer { ERR_clear_error() }
        guard code != 0 else { return "unknown error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Runs `body` with a read-only memory BIO over `bytes`.
    static func withReadBIO<R>(_ bytes: [UInt8], _ body: (OpaquePointer) throws(ReceiptError) -> R) throws(ReceiptError) -> R {
        let result: Result<R, ReceiptError> = bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else {
                return .failure(.crypto(lastError()))
            }
            defer { BIO_free(bio) }
            do throws(ReceiptError) { return .success(try body(bio)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// What `write` puts into a fresh memory BIO, as bytes.
    static func written(_ write: (OpaquePointer) -> Int32) throws(ReceiptError) -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw .crypto(lastError()) }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw .crypto(lastError()) }
        var data: UnsafeMutablePointer<CChar>?
        let length = copenssl_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }
}

/// ECDSA signatures in the two forms they travel in: COSE's raw `r ‖ s` (64 bytes for P-256) and
/// the DER `SEQUENCE { r, s }` that OpenSSL (and its command line) reads and writes.
public enum ECDSASignature {
    /// The raw 64-byte form of a DER P-256 signature.
    public static func raw(fromDER der: [UInt8]) throws(ReceiptError) -> [UInt8] {
        let signature: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
        }
        guard let signature else { throw .malformed("not a DER ECDSA signature") }
        defer { ECDSA_SIG_free(signature) }
        var r: OpaquePointer?, s: OpaquePointer?
        ECDSA_SIG_get0(signature, &r, &s)
        var raw = [UInt8](repeating: 0, count: 64)
        let ok = raw.withUnsafeMutableBufferPointer { buffer in
            BN_bn2binpad(r, buffer.baseAddress, 32) == 32 && BN_bn2binpad(s, buffer.baseAddress! + 32, 32) == 32
        }
        guard ok else { throw .malformed("the ECDSA signature's numbers are longer than P-256's") }
        return raw
    }

    /// The DER form of a raw 64-byte P-256 signature.
    public static func der(fromRaw raw: [UInt8]) throws(ReceiptError) -> [UInt8] {
        guard raw.count == 64 else { throw .malformed("a P-256 signature is 64 bytes, not \(raw.count)") }
        guard let signature = ECDSA_SIG_new() else { throw .crypto(OpenSSL.lastError()) }
        defer { ECDSA_SIG_free(signature) }
        let r = BN_bin2bn(raw, 32, nil)
        let s = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress! + 32, 32, nil) }
        guard ECDSA_SIG_set0(signature, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            throw .crypto(OpenSSL.lastError())
        }
        let length = i2d_ECDSA_SIG(signature, nil)
        guard length > 0 else { throw .crypto(OpenSSL.lastError()) }
        var der = [UInt8](repeating: 0, count: Int(length))
        _ = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_ECDSA_SIG(signature, &cursor)
        }
        return der
    }
}
