import Accounts
import Foundation
import Ledger

/// The secrets units' banks sign payment notifications with, kept sealed in the database
/// (AES-256-GCM, ``Accounts/SealedSecret``) under a key that only the servers hold:
/// `<data>/keys/hook-secrets.key` (0600, in the keys folder, 0700). A copy of the database alone
/// cannot sign a notification. Each sealed secret is bound to its unit, so one moved to another
/// unit's row does not open there.
///
/// The key file is made once, when the first secret is sealed and the database records no key
/// yet; its id (never the key) is recorded in the database, first come first served, so two
/// servers with separate key folders starting at once cannot each make a key of their own. Every
/// server of a PostgreSQL deployment needs the same file. A server without it, or with another,
/// says so and does not fall back to anything.
public struct HookSecrets: Sendable {
    /// `<data>/keys/hook-secrets.key`.
    public let file: URL

    /// The secrets whose key is in `keys`' folder.
    public init(keys: KeyStore) {
        file = keys.folder.appendingPathComponent("hook-secrets.key")
    }

    /// What a unit's sealed secret is bound to.
    static func purpose(unit unitId: Int64) -> String { "cashless webhook secret of unit \(unitId)" }

    /// A new secret for unit `unitId`'s notifications, stored sealed (the old one stops working);
    /// returned in plain text to be shown once.
    public func renew(unit unitId: Int64, ledger: Ledger) async throws -> String {
        let key = try await keyMadeIfFirst(ledger: ledger)
        let secret = BankSignature.newSecret()
        try await ledger.setHookSecret(try SealedSecret.seal(secret, key: key, purpose: Self.purpose(unit: unitId)), unit: unitId)
        return secret
    }

    /// Unit `unitId`'s secret, opened; nil when it has none. A secret that does not open for this
    /// unit throws ``HookSecretError/unopened(unit:)``; one stored in plain text, or a key file
    /// missing or not the one it was sealed with, throws the error that says what to do.
    public func secret(unit unitId: Int64, ledger: Ledger) async throws -> String? {
        guard let stored = try await ledger.hookSecret(unit: unitId) else { return nil }
        guard let keyId = SealedSecret.keyId(of: stored) else { throw HookSecretError.plainText(unit: unitId) }
        guard let key = try readKey() else { throw HookSecretError.keyMissing(file: file.path, keyIds: [keyId]) }
        guard key.id == keyId else { throw HookSecretError.otherKey(file: file.path, holds: key.id, sealedUnder: keyId) }
        do {
            return try SealedSecret.open(stored, key: key, purpose: Self.purpose(unit: unitId))
        } catch {
            throw HookSecretError.unopened(unit: unitId)
        }
    }

    /// `secret` sealed for `purpose` under the deployment's key (made now when it is the first):
    /// how other secrets of a unit (its gateway's) are kept as its webhook secret is.
    func seal(_ secret: String, purpose: String, ledger: Ledger) async throws -> String {
        try SealedSecret.seal(secret, key: try await keyMadeIfFirst(ledger: ledger), purpose: purpose)
    }

    /// A secret sealed by ``seal(_:purpose:ledger:)`` for `purpose`, opened; errors as ``secret(unit:ledger:)``'s.
    func open(_ stored: String, purpose: String, unit unitId: Int64) throws -> String {
        guard let keyId = SealedSecret.keyId(of: stored) else { throw HookSecretError.plainText(unit: unitId) }
        guard let key = try readKey() else { throw HookSecretError.keyMissing(file: file.path, keyIds: [keyId]) }
        guard key.id == keyId else { throw HookSecretError.otherKey(file: file.path, holds: key.id, sealedUnder: keyId) }
        do {
            return try SealedSecret.open(stored, key: key, purpose: purpose)
        } catch {
            throw HookSecretError.unopened(unit: unitId)
        }
    }

    /// At start-up and by `cashless admin seal-secrets`: seals every secret still stored in plain
    /// text (from before secrets were sealed), making the key file if none exists and none is
    /// needed; returns how many. Throws when the database holds secrets sealed under a key this
    /// server does not have: without the right key file no notification could be checked.
    @discardableResult
    public func sealPlainSecrets(ledger: Ledger) async throws -> Int {
        let stored = try await ledger.storedHookSecrets()
        let sealedUnder = Set(stored.compactMap { SealedSecret.keyId(of: $0.stored) })
        if let key = try readKey() {
            if let other = sealedUnder.subtracting([key.id]).sorted().first {
                throw HookSecretError.otherKey(file: file.path, holds: key.id, sealedUnder: other)
            }
        } else if let recorded = try await ledger.hookSecretKeyId() {
            throw HookSecretError.keyMissing(file: file.path, keyIds: [recorded])
        } else if !sealedUnder.isEmpty {
            throw HookSecretError.keyMissing(file: file.path, keyIds: sealedUnder.sorted())
        }
        if let key = try readKey() { _ = try await recorded(key, ledger: ledger) }
        let plain = stored.filter { !SealedSecret.isSealed($0.stored) }
        guard !plain.isEmpty else { return 0 }
        let key = try await keyMadeIfFirst(ledger: ledger)
        var sealed = 0
        for row in plain {
            let text = try SealedSecret.seal(row.stored, key: key, purpose: Self.purpose(unit: row.unitId))
            if try await ledger.replaceHookSecret(unit: row.unitId, from: row.stored, to: text) { sealed += 1 }
        }
        return sealed
    }

    /// The key file's key; nil when there is no file.
    public func readKey() throws(HookSecretError) -> SecretKey? {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            guard FileManager.default.fileExists(atPath: file.path) else { return nil }
            throw .unreadable(file: file.path)
        }
        guard let key = SecretKey(file: String(decoding: data, as: UTF8.self)) else { throw .unreadable(file: file.path) }
        return key
    }

    /// The key, made now when there is no file and the database records no key and holds no
    /// secret sealed under one (then the file is missing on this server, and making a new one
    /// would split the deployment's secrets between two keys). A key made here that another
    /// server recorded first loses: its file is removed and the error names the recorded key.
    private func keyMadeIfFirst(ledger: Ledger) async throws -> SecretKey {
        if let key = try readKey() { return try await recorded(key, ledger: ledger) }
        if let recorded = try await ledger.hookSecretKeyId() { throw HookSecretError.keyMissing(file: file.path, keyIds: [recorded]) }
        let sealedUnder = Set(try await ledger.storedHookSecrets().compactMap { SealedSecret.keyId(of: $0.stored) })
        guard sealedUnder.isEmpty else { throw HookSecretError.keyMissing(file: file.path, keyIds: sealedUnder.sorted()) }
        let key = try makeKey()
        let recorded = try await ledger.registerHookSecretKey(key.id)
        guard recorded == key.id else {
            if (try? readKey())?.id == key.id { try? FileManager.default.removeItem(at: file) }
            throw HookSecretError.keyMissing(file: file.path, keyIds: [recorded])
        }
        return key
    }

    /// `key`, once the database records it as the deployment's (recording it when none is):
    /// a file holding another key throws ``HookSecretError/otherKey(file:holds:sealedUnder:)``.
    private func recorded(_ key: SecretKey, ledger: Ledger) async throws -> SecretKey {
        let recorded = try await ledger.registerHookSecretKey(key.id)
        guard recorded == key.id else { throw HookSecretError.otherKey(file: file.path, holds: key.id, sealedUnder: recorded) }
        return key
    }

    /// Writes a new key file, race-free: the key goes to a temporary file (0600) in the keys
    /// folder (0700), which is then hard-linked to its name; the link fails if another process
    /// made the file first, and then that process's key is the one used.
    private func makeKey() throws -> SecretKey {
        let files = FileManager.default
        let folder = file.deletingLastPathComponent()
        try files.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = SecretKey.generate()
        let temporary = folder.appendingPathComponent(".hook-secrets.\(UUID().uuidString).tmp")
        guard files.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw HookSecretError.unwritable(file: temporary.path)
        }
        defer { try? files.removeItem(at: temporary) }
        guard let handle = FileHandle(forWritingAtPath: temporary.path) else { throw HookSecretError.unwritable(file: temporary.path) }
        try handle.write(contentsOf: Data(key.fileText.utf8))
        try handle.synchronize()
        try handle.close()
        do {
            try files.linkItem(at: temporary, to: file)
            return key
        } catch {
            // Another process made it first: use theirs.
            guard let theirs = try readKey() else { throw HookSecretError.unwritable(file: file.path) }
            return theirs
        }
    }
}

/// Why a unit's webhook secret cannot be sealed or opened on this server.
public enum HookSecretError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key file is not on this server, and the database holds secrets sealed under these keys.
    case keyMissing(file: String, keyIds: [String])
    /// The key file holds another key than the one the secrets were sealed under.
    case otherKey(file: String, holds: String, sealedUnder: String)
    /// The key file is there but cannot be read as a key.
    case unreadable(file: String)
    /// The key file cannot be written.
    case unwritable(file: String)
    /// The unit's secret is stored in plain text (from before secrets were sealed).
    case plainText(unit: Int64)
    /// The unit's sealed secret does not open for it: changed, or moved from another unit's row.
    case unopened(unit: Int64)

    public var description: String {
        switch self {
        case let .keyMissing(file, ids):
            "\(file) is missing: the database holds webhook secrets sealed under key \(ids.joined(separator: ", ")); "
                + "copy the file from another server of this deployment (every server needs the same one)"
        case let .otherKey(file, holds, sealedUnder):
            "\(file) holds key \(holds), but the database holds webhook secrets sealed under key \(sealedUnder); "
                + "copy the right file from another server of this deployment"
        case .unreadable(let file): "\(file) is not a key file (64 hex digits) or cannot be read"
        case .unwritable(let file): "cannot write \(file)"
        case .plainText(let unit):
            "unit \(unit)'s webhook secret is stored in plain text; `cashless admin seal-secrets` (or a restart of the server) seals it"
        case .unopened(let unit): "unit \(unit)'s sealed webhook secret does not open for it: it was changed, or moved from another unit"
        }
    }
}
