import Accounts
import Foundation
import Logging
import ReadBack
import Testing

@testable import Ledger

@Suite("cashless admin: users and webhook secrets")
struct AdminUserCommandTests {
    /// The database of a data folder, for the length of `body`.
    static func withLedger<R: Sendable>(_ folder: ScratchDirectory, _ body: (Ledger) async throws -> R) async throws -> R {
        var logger = Logger(label: "admin-user-test")
        logger.logLevel = .critical
        let url = try DatabaseURL("sqlite:" + folder.url.appendingPathComponent("cashless.sqlite").path)
        return try await Ledger.withLedger(url, logger: logger, body)
    }

    /// Whether `username` signs in with `password` (a real password hash, as the pages check it).
    static func signsIn(_ username: String, _ password: String, in ledger: Ledger) async throws -> Bool {
        let result = try await ledger.signIn(username: username, token: UUID().uuidString, csrfToken: "c", lifetime: 60) {
            PasswordHash($0)?.matches(password) ?? false
        }
        if case .signedIn = result { return true }
        return false
    }

    @Test("disable-user ends the user's sessions and refuses their sign-in; enable-user lets them in; reset-password prints a new one once")
    func users() async throws {
        let folder = try ScratchDirectory()
        let environment = ["CASHLESS_DATA_DIR": folder.url.path, "CASHLESS_DATABASE_URL": "sqlite:cashless.sqlite"]
        let created = try CLI.run(
            "admin",
            "create-user",
            "--username",
            "hoa.nt",
            "--name",
            "Nguyễn Thị Hoà",
            "--role",
            "admin",
            input: "mật-khẩu-dài-2026\n",
            environment: environment
        )
        #expect(created.status == 0)
        #expect(try await Self.withLedger(folder) { try await Self.signsIn("hoa.nt", "mật-khẩu-dài-2026", in: $0) })

        let disabled = try CLI.run("admin", "disable-user", "--username", "hoa.nt", environment: environment)
        #expect(disabled.status == 0 && disabled.stdout == "user hoa.nt is disabled; their sessions ended\n")
        try await Self.withLedger(folder) { ledger async throws in
            let user = try #require(try await ledger.user(named: "hoa.nt"))
            #expect(try await ledger.storedSessionCount(of: user.id) == 0)
            #expect(try await Self.signsIn("hoa.nt", "mật-khẩu-dài-2026", in: ledger) == false)
        }
        #expect(try CLI.run("admin", "enable-user", "--username", "hoa.nt", environment: environment).status == 0)
        #expect(try await Self.withLedger(folder) { try await Self.signsIn("hoa.nt", "mật-khẩu-dài-2026", in: $0) })

        let reset = try CLI.run("admin", "reset-password", "--username", "hoa.nt", environment: environment)
        #expect(reset.status == 0)
        let password = reset.stdout.trimmingCharacters(in: .newlines)
        #expect(password.count >= 10 && !password.contains(" "), "only the password: \(reset.stdout)")
        try await Self.withLedger(folder) { ledger async throws in
            #expect(try await Self.signsIn("hoa.nt", password, in: ledger))
            #expect(try await Self.signsIn("hoa.nt", "mật-khẩu-dài-2026", in: ledger) == false)
        }

        let unknown = try CLI.run("admin", "disable-user", "--username", "khong.co", environment: environment)
        #expect(unknown.status == 2 && unknown.stderr.contains("there is no user 'khong.co'"))
    }

    @Test("create-user and create-key take the role province with a province's id as scope, and refuse one that does not exist")
    func provinceRole() async throws {
        let folder = try ScratchDirectory()
        let environment = ["CASHLESS_DATA_DIR": folder.url.path, "CASHLESS_DATABASE_URL": "sqlite:cashless.sqlite"]
        let province = try await Self.withLedger(folder) { ledger async throws in
            try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa")).provinceId
        }
        let user = try CLI.run(
            "admin",
            "create-user",
            "--username",
            "so.tc",
            "--name",
            "Lê Thị Minh",
            "--role",
            "province",
            "--scope",
            "\(province)",
            input: "mật-khẩu-dài-2026\n",
            environment: environment
        )
        #expect(user.status == 0 && user.stdout.contains("user so.tc (province of \(province)) can sign in"))
        let key = try CLI.run("admin", "create-key", "--role", "province", "--scope", "\(province)", environment: environment)
        #expect(key.status == 0 && key.stdout.hasPrefix("csk_"))
        let missing = try CLI.run("admin", "create-key", "--role", "province", "--scope", "999", environment: environment)
        #expect(missing.status != 0 && missing.stderr.contains("--scope: there is no province 999"))
        try await Self.withLedger(folder) { ledger async throws in
            #expect(try await ledger.user(named: "so.tc")?.role == .province)
        }
    }

    @Test(
        "seal-secrets seals the webhook secrets stored in plain text under a key file of mode 0600, once; without the file nothing is sealed and no server starts"
    )
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
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("hook-secrets.key is missing"))
        #expect(!FileManager.default.fileExists(atPath: key.path), "no second key is made in its place")

        // A server without the file does not start (`timeout` only guards against a server that would).
        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        serve.arguments = ["60", CLI.executable.path, "serve"]
        let port = String(Int.random(in: 20000...60000))
        serve.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.merging(["CASHLESS_PORT": port]) { $1 }
        let errors = Pipe()
        serve.standardError = errors
        serve.standardOutput = FileHandle.nullDevice
        try serve.run()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        serve.waitUntilExit()
        #expect(serve.terminationStatus == 1, "refused at start, not stopped by timeout (124)")
        #expect(said.contains("hook-secrets.key is missing: the database holds webhook secrets sealed under key"))
        #expect(!FileManager.default.fileExists(atPath: key.path))
    }
}
