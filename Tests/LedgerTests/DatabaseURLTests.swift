import Ledger
import Testing

@Suite("Database URLs")
struct DatabaseURLTests {
    @Test("sqlite:<path> names a file, with or without //")
    func sqliteFile() throws {
        #expect(try DatabaseURL("sqlite:data/cashless.sqlite") == .sqliteFile(path: "data/cashless.sqlite"))
        #expect(try DatabaseURL("sqlite:///var/lib/cashless.sqlite") == .sqliteFile(path: "/var/lib/cashless.sqlite"))
    }

    @Test("sqlite::memory: is a private in-memory database")
    func sqliteMemory() throws {
        #expect(try DatabaseURL("sqlite::memory:") == .sqliteMemory)
    }

    @Test("a postgres URL gives host, port, user, password and database, percent-decoded")
    func postgres() throws {
        let server = try #require(
            postgresServer(
                try DatabaseURL("postgres://cashless:p%40ss%3Aword@db.example.vn:6432/cashless_prod?sslmode=require")
            )
        )
        #expect(server.host == "db.example.vn")
        #expect(server.port == 6432)
        #expect(server.username == "cashless")
        #expect(server.password == "p@ss:word")
        #expect(server.database == "cashless_prod")
        #expect(server.tls == .require)
    }

    @Test("a postgres URL defaults to port 5432, TLS when offered, and the user's database")
    func postgresDefaults() throws {
        let server = try #require(postgresServer(try DatabaseURL("postgresql://cashless@127.0.0.1")))
        #expect(server.port == 5432)
        #expect(server.password == nil)
        #expect(server.database == nil)
        #expect(server.tls == .prefer)
    }

    @Test("printing a URL leaves the password out")
    func descriptionHidesPassword() throws {
        let url = try DatabaseURL("postgres://cashless:secret@127.0.0.1:5432/cashless?sslmode=disable")
        #expect(url.description == "postgres://cashless:***@127.0.0.1:5432/cashless?sslmode=disable")
        #expect(!"\(url)".contains("secret"))
    }

    @Test(
        "URLs the ledger cannot use are refused, saying why",
        arguments: [
            ("mysql://root@localhost/cashless", "starts with sqlite: or postgres://"),
            ("sqlite:", "no file path"),
            ("postgres://127.0.0.1/cashless", "names no user"),
            ("postgres://cashless@/cashless", "with a host"),
            ("postgres://cashless@127.0.0.1/cashless?sslmode=maybe", "sslmode 'maybe'"),
        ]
    )
    func refused(text: String, reason: String) {
        #expect {
            try DatabaseURL(text)
        } throws: { error in
            (error as? InvalidDatabaseURL)?.reason.contains(reason) == true
        }
    }
}

private func postgresServer(_ url: DatabaseURL) -> PostgresServer? {
    if case .postgres(let server) = url { server } else { nil }
}
