import COpenSSL
import Synchronization

/// The one owner of OpenSSL key handles (`EVP_PKEY *`): frees the key when the last reference goes.
/// OpenSSL keys may sign and verify from several threads at once once made, so a handle is shared.
/// It keeps the contexts that sign and verify with the key initialised between uses (see
/// ``ContextPool``): setting one up for every seal cost a good part of the seal's time.
final class KeyHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    private let signers: ContextPool
    private let verifiers: ContextPool

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
        let ed25519 = EVP_PKEY_get_base_id(pointer) == EVP_PKEY_ED25519
        self.signers = ContextPool(key: pointer, kind: ed25519 ? .digestSign : .pkeySign)
        self.verifiers = ContextPool(key: pointer, kind: ed25519 ? .digestVerify : .pkeyVerify)
    }

    deinit { EVP_PKEY_free(pointer) }

    /// The signature of `message`: Ed25519's 64 bytes, or ECDSA P-256's DER `SEQUENCE { r, s }` over
    /// SHA-256 of the message.
    func sign(_ message: [UInt8]) throws(ReceiptError) -> [UInt8] {
        try signers.use { context, kind throws(ReceiptError) -> [UInt8] in
            var signature = [UInt8](repeating: 0, count: 80)
            var length = signature.count
            let ok: Int32
            if kind == .digestSign {
                // Re-initialised with no arguments: the cheap reset that OpenSSL 3.2 on requires between
                // two one-shot signatures on one context (3.0 would sign without it), as `openssl speed` does.
                ok =
                    EVP_DigestSignInit(context, nil, nil, nil, nil) == 1
                    ? EVP_DigestSign(context, &signature, &length, message, message.count) : 0
            } else {
                let digest = OpenSSL.sha256(message)
                ok = EVP_PKEY_sign(context, &signature, &length, digest, digest.count)
            }
            guard ok == 1 else { throw .crypto(OpenSSL.lastError()) }
            signature.removeLast(signature.count - length)
            return signature
        }
    }

    /// Whether `signature` (Ed25519's 64 bytes, or ECDSA's DER) signs `message` with this key.
    func verify(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        let verified: Bool? = try? verifiers.use { context, kind throws(ReceiptError) -> Bool in
            let result =
                kind == .digestVerify
                ? (EVP_DigestVerifyInit(context, nil, nil, nil, nil) == 1
                    ? EVP_DigestVerify(context, signature, signature.count, message, message.count) : -1)
                : EVP_PKEY_verify(context, signature, signature.count, OpenSSL.sha256(message), 32)
            if result != 1 { ERR_clear_error() }
            return result == 1
        }
        return verified ?? false
    }

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

/// Initialised OpenSSL contexts for one key and one operation, lent to one caller at a time.
///
/// A context is not safe to use from two threads at once, and making one per call
/// (`EVP_DigestSignInit`, `EVP_PKEY_sign_init`) fetches the algorithm, copies the key into the
/// provider and allocates, each time. So each call borrows an idle context
/// under a lock (held only to take or give back a pointer, never while signing), makes a new one
/// when none is idle (as many as there are callers at once), and gives it back after; at most
/// ``idleLimit`` are kept. Ed25519 signs and verifies with `EVP_DigestSign`/`EVP_DigestVerify` on
/// an `EVP_MD_CTX`, reset between uses by an init with no arguments; ECDSA with
/// `EVP_PKEY_sign`/`EVP_PKEY_verify` on an `EVP_PKEY_CTX` over a SHA-256 digest made beforehand:
/// the calls `openssl speed` times.
final class ContextPool: @unchecked Sendable {
    enum Kind { case digestSign, digestVerify, pkeySign, pkeyVerify }

    /// Idle contexts kept per key and operation; more callers at once than this still work.
    static let idleLimit = 16

    private let key: OpaquePointer
    let kind: Kind
    /// Idle contexts (`EVP_MD_CTX *` or `EVP_PKEY_CTX *` as `kind` says), as addresses.
    private let idle = Mutex<[UInt]>([])

    /// Each context made holds a reference of its own to `key` (OpenSSL counts them).
    init(key: OpaquePointer, kind: Kind) {
        self.key = key
        self.kind = kind
    }

    deinit {
        for address in idle.withLock({ $0 }) { free(OpaquePointer(bitPattern: address)!) }
    }

    /// Runs `body` with a context of its own; a context whose use failed is dropped, not kept.
    func use<R>(_ body: (OpaquePointer, Kind) throws(ReceiptError) -> R) throws(ReceiptError) -> R {
        let borrowed = idle.withLock { $0.popLast() }.flatMap { OpaquePointer(bitPattern: $0) }
        let context: OpaquePointer
        if let borrowed { context = borrowed } else { context = try make() }
        let result: R
        do {
            result = try body(context, kind)
        } catch {
            free(context)
            throw error
        }
        let address = UInt(bitPattern: context)
        let kept = idle.withLock { idle -> Bool in
            guard idle.count < Self.idleLimit else { return false }
            idle.append(address)
            return true
        }
        if !kept { free(context) }
        return result
    }

    private func make() throws(ReceiptError) -> OpaquePointer {
        switch kind {
        case .digestSign, .digestVerify:
            guard let context = EVP_MD_CTX_new() else { throw .crypto(OpenSSL.lastError()) }
            let ok =
                kind == .digestSign
                ? EVP_DigestSignInit(context, nil, nil, nil, key) : EVP_DigestVerifyInit(context, nil, nil, nil, key)
            guard ok == 1 else {
                EVP_MD_CTX_free(context)
                throw .crypto(OpenSSL.lastError())
            }
            return context
        case .pkeySign, .pkeyVerify:
            guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else { throw .crypto(OpenSSL.lastError()) }
            let ok = kind == .pkeySign ? EVP_PKEY_sign_init(context) : EVP_PKEY_verify_init(context)
            guard ok == 1 else {
                EVP_PKEY_CTX_free(context)
                throw .crypto(OpenSSL.lastError())
            }
            return context
        }
    }

    private func free(_ context: OpaquePointer) {
        switch kind {
        case .digestSign, .digestVerify: EVP_MD_CTX_free(context)
        case .pkeySign, .pkeyVerify: EVP_PKEY_CTX_free(context)
        }
    }
}

/// Small pieces of OpenSSL used across the core: SHA-256, memory BIOs, error text.
enum OpenSSL {
    /// SHA-256, fetched once: `EVP_sha256()` would be looked up in the provider on every digest.
    nonisolated(unsafe) private static let sha256Algorithm: OpaquePointer = {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else { fatalError("OpenSSL has no SHA-256: \(lastError())") }
        return md
    }()

    /// SHA-256 of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = EVP_Digest(bytes, bytes.count, &digest, &length, sha256Algorithm, nil)
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
/// the DER `SEQUENCE { r, s }` that OpenSSL (and its command line) reads and writes. Both ways are
/// a few bytes moved here rather than OpenSSL's `ECDSA_SIG` and two `BIGNUM`s on the heap.
public enum ECDSASignature {
    /// The raw 64-byte form of a DER P-256 signature; refuses anything but DER (two positive
    /// INTEGERs of at most 32 bytes each, in their shortest form, and nothing after them).
    public static func raw(fromDER der: [UInt8]) throws(ReceiptError) -> [UInt8] {
        let notDER = ReceiptError.malformed("not a DER ECDSA signature")
        guard der.count >= 8, der[0] == 0x30, der[1] < 0x80, Int(der[1]) == der.count - 2 else { throw notDER }
        var raw = [UInt8](repeating: 0, count: 64)
        var offset = 2
        for half in 0..<2 {
            guard offset + 2 <= der.count, der[offset] == 0x02, der[offset + 1] < 0x80 else { throw notDER }
            let length = Int(der[offset + 1])
            offset += 2
            guard length >= 1, offset + length <= der.count, der[offset] & 0x80 == 0 else { throw notDER }
            var start = offset
            var count = length
            if count > 1, der[start] == 0 {
                guard der[start + 1] & 0x80 != 0 else { throw notDER }
                start += 1
                count -= 1
            }
            guard count <= 32 else { throw .malformed("the ECDSA signature's numbers are longer than P-256's") }
            let end = half * 32 + 32
            raw[(end - count)..<end] = der[start..<(start + count)]
            offset += length
        }
        guard offset == der.count else { throw notDER }
        return raw
    }

    /// The DER form of a raw 64-byte P-256 signature.
    public static func der(fromRaw raw: [UInt8]) throws(ReceiptError) -> [UInt8] {
        guard raw.count == 64 else { throw .malformed("a P-256 signature is 64 bytes, not \(raw.count)") }
        return der(fromRaw64: raw)
    }

    /// ``der(fromRaw:)`` of exactly 64 bytes.
    static func der(fromRaw64 raw: [UInt8]) -> [UInt8] {
        precondition(raw.count == 64)
        /// One number's INTEGER: leading zero bytes dropped (one kept for zero), and a zero put
        /// back in front of a high bit so that it stays positive.
        func integer(_ half: ArraySlice<UInt8>, into out: inout [UInt8]) {
            var digits = half.drop { $0 == 0 }
            if digits.isEmpty { digits = half.suffix(1) }
            let pad = digits.first! & 0x80 != 0
            out.append(0x02)
            out.append(UInt8(digits.count + (pad ? 1 : 0)))
            if pad { out.append(0) }
            out.append(contentsOf: digits)
        }
        var out: [UInt8] = [0x30, 0]
        out.reserveCapacity(72)
        integer(raw[0..<32], into: &out)
        integer(raw[32..<64], into: &out)
        out[1] = UInt8(out.count - 2)
        return out
    }
}
