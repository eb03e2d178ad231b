import COpenSSL

/// AES-256-GCM through OpenSSL's EVP interface: the one file of Accounts besides the password
/// hash that hands memory to OpenSSL. A 32-byte key, a 12-byte nonce (never used twice under one
/// key: the caller draws it at random), associated data that is authenticated but not encrypted,
/// and a 16-byte tag.
enum AESGCM {
    static let keySize = 32
    static let nonceSize = 12
    static let tagSize = 16

    /// `plaintext` encrypted under `key` and `nonce`, and the tag over it and `associatedData`.
    static func seal(
        _ plaintext: [UInt8],
        key: [UInt8],
        nonce: [UInt8],
        associatedData: [UInt8]
    ) throws(SecretBoxError) -> (ciphertext: [UInt8], tag: [UInt8]) {
        precondition(key.count == keySize && nonce.count == nonceSize)
        guard let context = EVP_CIPHER_CTX_new() else { throw .crypto("EVP_CIPHER_CTX_new failed") }
        defer { EVP_CIPHER_CTX_free(context) }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + tagSize)
        var tag = [UInt8](repeating: 0, count: tagSize)
        var length: Int32 = 0
        var final: Int32 = 0
        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1,
            EVP_EncryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count)) == 1,
            EVP_EncryptUpdate(context, &ciphertext, &length, plaintext, Int32(plaintext.count)) == 1,
            ciphertext.withUnsafeMutableBufferPointer({ buffer in
                EVP_EncryptFinal_ex(context, buffer.baseAddress! + Int(length), &final)
            }) == 1,
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagSize), &tag) == 1
        else {
            throw .crypto(lastError())
        }
        ciphertext.removeLast(ciphertext.count - Int(length + final))
        return (ciphertext, tag)
    }

    /// The plaintext of `ciphertext`, or nil when the tag does not match it, the key, the nonce
    /// and `associatedData` (changed, or sealed under another key or for another use).
    static func open(_ ciphertext: [UInt8], tag: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8]) -> [UInt8]? {
        precondition(key.count == keySize && nonce.count == nonceSize)
        guard tag.count == tagSize, let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + tagSize)
        var tag = tag
        var length: Int32 = 0
        var final: Int32 = 0
        let opened =
            EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1
            && EVP_DecryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count)) == 1
            && EVP_DecryptUpdate(context, &plaintext, &length, ciphertext, Int32(ciphertext.count)) == 1
            && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagSize), &tag) == 1
            && plaintext.withUnsafeMutableBufferPointer({ buffer in
                EVP_DecryptFinal_ex(context, buffer.baseAddress! + Int(length), &final)
            }) == 1
        guard opened else {
            ERR_clear_error()
            return nil
        }
        plaintext.removeLast(plaintext.count - Int(length + final))
        return plaintext
    }

    /// OpenSSL's last error, as text.
    private static func lastError() -> String {
        let code = ERR_get_error()
        defer { ERR_clear_error() }
        guard code != 0 else { return "unknown error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
