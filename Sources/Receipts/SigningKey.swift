import COpenSSL

/// A private key that seals receipts (and signs trust and status lists): Ed25519 or ECDSA P-256,
/// through OpenSSL. It never prints itself: its description names only its algorithm and kid.
public struct SigningKey: Sendable, CustomStringConvertible {
    let handle: KeyHandle
    /// Its public half, which goes in the trust list.
    public let publicKey: PublicKey

    public var algorithm: SignatureAlgorithm { publicKey.algorithm }

    private init(handle: KeyHandle) throws(ReceiptError) {
        self.handle = handle
        self.publicKey = try PublicKey(handle: handle)
    }

    /// A new random key.
    public static func generate(_ algorithm: SignatureAlgorithm = .ed25519) throws(ReceiptError) -> SigningKey {
        let context: OpaquePointer? =
            switch algorithm {
            case .ed25519: EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil)
            case .es256: EVP_PKEY_CTX_new_from_name(nil, "EC", nil)
            }
        guard let context else { throw .crypto(OpenSSL.lastError()) }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw .crypto(OpenSSL.lastError()) }
        if algorithm == .es256, EVP_PKEY_CTX_set_group_name(context, "P-256") != 1 { throw .crypto(OpenSSL.lastError()) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen(context, &key) == 1, let key else { throw .crypto(OpenSSL.lastError()) }
        return try SigningKey(handle: KeyHandle(key))
    }

    /// An Ed25519 key from its 32-byte seed (RFC 8032), for test vectors.
    public init(ed25519Seed seed: [UInt8]) throws(ReceiptError) {
        guard seed.count == 32, let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, 32) else {
            throw .badKey("an Ed25519 seed is 32 bytes")
        }
        try self.init(handle: KeyHandle(key))
    }

    /// A key from PEM (PKCS#8, or the traditional EC form); `password` opens an encrypted one.
    public init(pem: String, password: String? = nil) throws(ReceiptError) {
        let key = try OpenSSL.withReadBIO(Array(pem.utf8)) { bio throws(ReceiptError) -> OpaquePointer in
            // A passphrase given as `u` with no callback: OpenSSL never asks on the terminal.
            let read: OpaquePointer? = (password ?? "").withCString { pass in
                PEM_read_bio_PrivateKey(bio, nil, nil, UnsafeMutableRawPointer(mutating: pass))
            }
            guard let read else {
                let encrypted = pem.contains("ENCRYPTED")
                ERR_clear_error()
                throw .badKey(
                    encrypted
                        ? (password == nil ? "the key is encrypted: give its password" : "the password does not open the key")
                        : "not a PEM private key (-----BEGIN PRIVATE KEY-----)"
                )
            }
            return read
        }
        try self.init(handle: KeyHandle(key))
    }

    /// The key of a PKCS#12 file (.p12, .pfx), such as the one a unit's digital certificate came in.
    public init(pkcs12 bytes: [UInt8], password: String) throws(ReceiptError) {
        let bundle: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_PKCS12(nil, &cursor, buffer.count)
        }
        guard let bundle else {
            ERR_clear_error()
            throw .badKey("not a PKCS#12 file")
        }
        defer { PKCS12_free(bundle) }
        var key: OpaquePointer?
        var certificate: OpaquePointer?
        guard PKCS12_parse(bundle, password, &key, &certificate, nil) == 1 else {
            ERR_clear_error()
            throw .badKey("the password does not open the PKCS#12 file")
        }
        if let certificate { X509_free(certificate) }
        guard let key else { throw .badKey("the PKCS#12 file holds no private key") }
        try self.init(handle: KeyHandle(key))
    }

    /// The key as PKCS#8 PEM, encrypted with AES-256-CBC under `password` when one is given.
    public func pem(password: String? = nil) throws(ReceiptError) -> String {
        let bytes = try OpenSSL.written { bio in
            guard let password else {
                return PEM_write_bio_PrivateKey(bio, handle.pointer, nil, nil, 0, nil, nil)
            }
            return password.withCString { pass in
                PEM_write_bio_PKCS8PrivateKey(bio, handle.pointer, EVP_aes_256_cbc(), pass, Int32(strlen(pass)), nil, nil)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The signature of `message`: 64 bytes (Ed25519, or ECDSA's raw `r ‖ s` as COSE writes it).
    public func sign(_ message: [UInt8]) throws(ReceiptError) -> [UInt8] {
        let signature = try handle.sign(message)
        return algorithm == .es256 ? try ECDSASignature.raw(fromDER: signature) : signature
    }

    public var description: String { "SigningKey(\(algorithm.rawValue), kid \(publicKey.kidHex))" }
}
