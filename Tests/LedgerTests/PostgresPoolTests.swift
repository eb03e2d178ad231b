import Foundation
import SQLKit
import Testing

@testable import Ledger

/// The pool's bounds when PostgreSQL does not answer: a wait for a connection that ends, a
/// statement timeout, and a lost connection reported as "try again", never as a fault.
@Suite("PostgreSQL pool bounds")
struct PostgresPoolTests {
    @Test("the pool's bounds come from the URL, with defaults")
    func parameters() throws {
        let defaults = try PostgresServer(url: "postgres://cashless@127.0.0.1/cashless")
        #expect(defaults.poolSize == 20)
        #expect(defaults.poolWait == .seconds(5))
        #expect(defaults.statementTimeout == .seconds(15))
        let given = try PostgresServer(url: "postgres://cashless@127.0.0.1/cashless?pool_size=40&pool_wait=0.5&statement_timeout=30")
        #expect(given.poolSize == 40)
        #expect(given.poolWait == .milliseconds(500))
        #expect(given.statementTimeout == .seconds(30))
    }

    @Test(
        "a pool bound that is not a number in its range is refused, naming it",
        arguments: ["pool_size=0", "pool_size=many", "pool_wait=-1", "statement_timeout=100000", "statement_timeout=-1"]
    )
    func refused(parameter: String) {
        #expect {
            try PostgresServer(url: "postgres://cashless@127.0.0.1/cashless?\(parameter)")
        } throws: { error in
            (error as? InvalidDatabaseURL)?.reason.hasPrefix(String(parameter.prefix { $0 != "=" }) + " '") == true
        }
    }

    @Test("with no server to connect to, work ends as 'unavailable' once the pool's wait is over", .timeLimit(.minutes(3)))
    func unreachable() async throws {
        // A loopback port nothing listens on.
        var server = try PostgresServer(url: "postgres://cashless:secret@127.0.0.1:9/cashless?pool_wait=0.3")
        server.tls = .disable
        try await withRunningLedger(.postgres(server)) { ledger in
            await #expect {
                try await ledger.migrate()
            } throws: { error in
                guard case LedgerError.unavailable(let reason) = error else { return false }
                return reason.contains("no database connection within")
            }
        }
    }

    @Test(
        "a statement past the statement timeout ends as 'unavailable'; migrations run without it",
        .enabled(if: PostgresPoolTests.postgres != nil, "needs CASHLESS_TEST_POSTGRES_URL"),
        .timeLimit(.minutes(3))
    )
    func statementTimeout() async throws {
        try await TestDatabase.postgres(try #require(Self.postgres)).withSharedDatabase { url in
            guard case .postgres(var server) = url else { return }
            server.statementTimeout = .milliseconds(300)
            try await withRunningLedger(.postgres(server)) { ledger in
                try await ledger.migrate()
                let show = { (database: any SQLDatabase) in
                    try await database.raw("SHOW statement_timeout").first()?.decode(column: "statement_timeout", as: String.self)
                }
                #expect(try await ledger.backend.withDatabase(logger: .quiet, show) == "300ms")
                let migrating = try await ledger.backend.transaction(logger: .quiet) { database in
                    try await ledger.backend.lockForMigration(database)
                    return try await show(database)
                }
                #expect(migrating == "0", "a migration's transaction runs without the timeout")
                await #expect {
                    try await ledger.backend.withDatabase(logger: .quiet) { try await $0.raw("SELECT pg_sleep(5)").run() }
                } throws: { error in
                    guard case LedgerError.unavailable(let reason) = error else { return false }
                    return reason.contains("statement timeout")
                }
            }
        }
    }

    @Test("statement_timeout=0 sends no startup parameters (a pooler such as PgBouncer refuses them)")
    func noTimeout() throws {
        let server = try PostgresServer(url: "postgres://cashless@127.0.0.1/cashless?statement_timeout=0")
        #expect(server.statementTimeout == .zero)
        #expect(server.clientConfiguration.options.additionalStartupParameters.isEmpty)
        let timed = try PostgresServer(url: "postgres://cashless@127.0.0.1/cashless?statement_timeout=2.5")
        #expect(
            timed.clientConfiguration.options.additionalStartupParameters.map(\.0) == ["statement_timeout", "idle_in_transaction_session_timeout"]
        )
        #expect(timed.clientConfiguration.options.additionalStartupParameters.first?.1 == "2500ms")
    }

    @Test(
        "a connection lost in the middle of a transaction ends as 'unavailable', and the next work succeeds",
        .enabled(if: PostgresPoolTests.postgres != nil, "needs CASHLESS_TEST_POSTGRES_URL"),
        .timeLimit(.minutes(3))
    )
    func connectionLost() async throws {
        try await TestDatabase.postgres(try #require(Self.postgres)).withLedger { ledger in
            await #expect {
                try await ledger.backend.transaction(logger: .quiet) { database in
                    try await database.raw("SELECT pg_terminate_backend(pg_backend_pid())").run()
                }
            } throws: { error in
                if case LedgerError.unavailable = error { true } else { false }
            }
            _ = try await ledger.listCommunes(page: .init(limit: 1))
        }
    }

    static let postgres: PostgresServer? = TestDatabase.all.lazy.compactMap {
        if case .postgres(let server) = $0 { server } else { nil }
    }.first
}
