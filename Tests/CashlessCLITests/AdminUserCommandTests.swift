import Foundation
import Logging
import ReadBack
import Testing

@testable import Ledger

@Suite("cashless admin: webhook secrets")
struct AdminUserCommandTests {
    /// The database of a data folder, for the length of `body`.
    static func withLedger<R: Sendable>(_ folder: ScratchDirectory, _ body: (Ledger) async throws -> R) async throws -> R {
        var logger = Logger(label: "admin-user-test")
        logger.logLevel = .critical
        let url = try DatabaseURL("sqlite:" + folder.url.appendingPathComponent("cashless.sqlite").path)
        return try await Ledger.withLedger(url, logger: logger, body)
    }

    @Test("seal-secrets seals the webhook secrets stored in plain text under a key file of mode 0600, once")
    func sealSecrets() async throws {
        let folder = try ScratchDirectory()
        let environment = ["CASHLESS_DATA_DIR": folder.url.path, "CASHLESS_DATABASE_URL": "sqlite:cashless.sqlite"]
        let plain = String(repeating: "ab", count: 32)
        try await Self.withLedger(folder) { ledger async throws in
            let commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa"))
            let school = try await ledger.createUnit(NewCommuneUnit(kind: .school, name: "Trường Tiểu học Điện Biên", communeId: commune.id))
            try await ledger.setHookSecret(plain, unit: school.id)
        }
        let sealed = try CLI.run("admin", "seal-secrets", environment: environment)
        #expect(sealed.status == 0)
        #expect(sealed.stdout.hasPrefix("1 webhook secret sealed under "))
        let key = folder.url.appendingPathComponent("keys/hook-secrets.key")
        let mode = try FileManager.default.attributesOfItem(atPath: key.path)[.posixPermissions] as? NSNumber
        #expect(mode?.int16Value == 0o600)
        let stored = try await Self.withLedger(folder) { try await $0.storedHookSecrets() }
        #expect(stored.count == 1 && stored[0].stored.hasPrefix("aes-256-gcm$") && !stored[0].stored.contains(plain))
        #expect(try CLI.run("admin", "seal-secrets", environment: environment).stdout.hasPrefix("0 webhook secrets sealed"))

        try FileManager.default.removeItem(at: key)
        let missing = try CLI.run("admin", "seal-secrets", environment: environment)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("hook-secrets.key is missing"))
        #expect(!FileManager.default.fileExists(atPath: key.path), "no second key is made in its place")
    }
}
