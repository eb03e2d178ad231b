import CashlessServer
import Foundation
import Operations
import Testing

@Suite("Settings: Config/server.json, overridden by the environment")
struct SettingsTests {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/server.json")

    @Test("The shipped defaults: loopback, port 8080, SQLite under data/")
    func defaults() throws {
        let settings = try Settings.load(file: file, environment: [:])
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 8080)
        #expect(settings.resolvedDatabaseURL == "sqlite:" + FileManager.default.currentDirectoryPath + "/data/cashless.sqlite")
    }

    @Test("CASHLESS_* variables override the file")
    func environment() throws {
        let settings = try Settings.load(
            file: file,
            environment: [
                "CASHLESS_HOST": "0.0.0.0", "CASHLESS_PORT": "9090", "CASHLESS_DATA_DIR": "/srv/cashless",
            ]
        )
        #expect(settings.host == "0.0.0.0")
        #expect(settings.port == 9090)
        #expect(settings.resolvedDatabaseURL == "sqlite:/srv/cashless/cashless.sqlite")
        let postgres = try Settings.load(file: file, environment: ["CASHLESS_DATABASE_URL": "postgres://u:p@db:5432/cashless"])
        #expect(postgres.resolvedDatabaseURL == "postgres://u:p@db:5432/cashless")
    }

    @Test("A bad port or database URL is refused, saying which setting and why")
    func refusals() {
        #expect(throws: Settings.Invalid.self) { try Settings.load(file: file, environment: ["CASHLESS_PORT": "eighty"]) }
        #expect {
            try Settings.load(file: file, environment: ["CASHLESS_DATABASE_URL": "mysql://x"])
        } throws: { error in
            "\(error)".contains("sqlite:<path> or postgres://")
        }
    }

    @Test("The limits come from Config/server.json and each CASHLESS_* variable; a bad one is refused naming it")
    func limits() throws {
        let shipped = try Settings.load(file: file, environment: [:]).limits
        #expect(shipped == ServiceLimits())
        let set = try Settings.load(
            file: file,
            environment: [
                "CASHLESS_READ_TIMEOUT": "5", "CASHLESS_MAX_CONNECTIONS": "64", "CASHLESS_PUBLIC_RATE": "30", "CASHLESS_BEHIND_PROXY": "true",
            ]
        ).limits
        #expect(set.readTimeout == 5 && set.maxConnections == 64 && set.publicPerMinute == 30 && set.behindProxy)
        #expect(set.idleTimeout == ServiceLimits().idleTimeout)
        #expect {
            try Settings.load(file: file, environment: ["CASHLESS_READ_TIMEOUT": "0"])
        } throws: { error in
            "\(error)".contains("CASHLESS_READ_TIMEOUT") && "\(error)".contains("at least 1")
        }
        #expect {
            try Settings.load(file: file, environment: ["CASHLESS_SIGN_IN_RATE": "ten"])
        } throws: { error in
            "\(error)".contains("CASHLESS_SIGN_IN_RATE must be a whole number")
        }
    }
}
