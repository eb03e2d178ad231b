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
}
