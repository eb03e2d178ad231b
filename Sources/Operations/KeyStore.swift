import Foundation
import Receipts

/// The private keys of a deployment: files under `<data>/keys/` (the folder mode 0700, each file
/// 0600), `root.pem` for the deployment's root key and `<kid>.pem` for each unit key. With
/// `CASHLESS_KEY_PASSPHRASE` set, keys are written encrypted under it (PKCS#8, AES-256-CBC).
/// A key never leaves it but to sign.
public struct KeyStore: Sendable {
    public let folder: URL
    let passphrase: String?

    /// The store under the data directory `dataDirectory`.
    public init(dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        folder = URL(fileURLWithPath: dataDirectory).appendingPathComponent("keys")
        passphrase = environment["CASHLESS_KEY_PASSPHRASE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Writes `key` as `<kid>.pem`, readable by its owner only; refuses to overwrite one.
    @discardableResult
    public func save(_ key: SigningKey, name: String? = nil) throws -> URL {
        try FileManager.default.createDirectory(
            at: folder,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        let file = folder.appendingPathComponent("\(name ?? key.publicKey.kidHex).pem")
        guard !FileManager.default.fileExists(atPath: file.path) else { throw KeyStoreError("\(file.path) exists already") }
        guard
            FileManager.default.createFile(
                atPath: file.path,
                contents: Data(try key.pem(password: passphrase).utf8),
                attributes: [.posixPermissions: 0o600]
            )
        else { throw KeyStoreError("cannot write \(file.path)") }
        return file
    }

    /// The unit key with `kid`.
    public func key(kid: String) throws -> SigningKey {
        try read(folder.appendingPathComponent("\(kid).pem"))
    }

    /// The deployment's root key, made on first use.
    public func root() throws -> SigningKey {
        let file = folder.appendingPathComponent("root.pem")
        if FileManager.default.fileExists(atPath: file.path) { return try read(file) }
        let key = try SigningKey.generate()
        try save(key, name: "root")
        return key
    }

    private func read(_ file: URL) throws -> SigningKey {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw KeyStoreError("the private key \(file.lastPathComponent) is not in \(folder.path)")
        }
        do {
            return try SigningKey(pem: String(decoding: data, as: UTF8.self), password: passphrase)
        } catch {
            throw KeyStoreError("\(file.path): \(error) (CASHLESS_KEY_PASSPHRASE opens encrypted keys)")
        }
    }
}

/// Why the key store could not do what was asked.
public struct KeyStoreError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
