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
        try makeFolder()
        let file = folder.appendingPathComponent("\(name ?? key.publicKey.kidHex).pem")
        try Self.create(file, contents: Array(try key.pem(password: passphrase).utf8))
        return file
    }

    /// The unit key with `kid`.
    public func key(kid: String) throws -> SigningKey {
        try read(folder.appendingPathComponent("\(kid).pem"))
    }

    /// The deployment's root key, made on first use. Race-free: a new key is written whole to a
    /// file of its own, then linked as `root.pem` only if none is there (link(2) fails on an
    /// existing name, across processes and servers sharing the folder); whoever loses reads the
    /// winner's. So every caller gets the one root, and `root.pem` is never seen half-written.
    public func root() throws -> SigningKey {
        let file = folder.appendingPathComponent("root.pem")
        if FileManager.default.fileExists(atPath: file.path) { return try read(file) }
        try makeFolder()
        let draft = folder.appendingPathComponent(".root-\(UUID().uuidString).pem")
        try Self.create(draft, contents: Array(try SigningKey.generate().pem(password: passphrase).utf8))
        defer { unlink(draft.path) }
        if link(draft.path, file.path) != 0, errno != EEXIST {
            throw KeyStoreError("cannot write \(file.path): \(String(cString: strerror(errno)))")
        }
        return try read(file)
    }

    private func makeFolder() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// Writes `contents` to `file`, which must not exist yet, mode 0600 from the start, and
    /// flushes it to the disk.
    private static func create(_ file: URL, contents: [UInt8]) throws {
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw KeyStoreError(errno == EEXIST ? "\(file.path) exists already" : "cannot write \(file.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var written = 0
        while written < contents.count {
            let count = contents[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                let reason = String(cString: strerror(errno))
                unlink(file.path)
                throw KeyStoreError("cannot write \(file.path): \(reason)")
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(file.path)
            throw KeyStoreError("cannot write \(file.path): \(reason)")
        }
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
