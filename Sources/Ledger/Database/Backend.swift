import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import ServiceLifecycle

/// The database behind a ledger: the only code that knows which engine answers, and the one place
/// where the two differ (how a session is had, how a transaction begins, how migrators queue).
/// Everything above it speaks `any SQLDatabase`.
enum Backend: Sendable {
    /// One SQLite connection, used by one task at a time.
    case sqlite(SQLiteStore)
    /// PostgresNIO's connection pool, bounded; it works only while ``run()`` is running.
    case postgres(PostgresPool)

    /// Opens the database at `url`. For PostgreSQL nothing connects before ``run()`` starts.
    static func open(_ url: DatabaseURL, logger: Logger) async throws -> Backend {
        switch url {
        case .sqliteMemory:
            return .sqlite(try await SQLiteStore.open(.memory, logger: logger))
        case .sqliteFile(let path):
            return .sqlite(try await SQLiteStore.open(.file(path: path), logger: logger))
        case .postgres(let server):
            return .postgres(PostgresPool(server: server, logger: logger))
        }
    }

    /// Keeps the database usable until the task is cancelled or a graceful shutdown begins, then
    /// closes it: the pool's connections, or the SQLite connection once its current user is done.
    func run() async throws {
        switch self {
        case .postgres(let pool):
            await pool.client.run()
        case .sqlite(let store):
            // Returns on graceful shutdown and throws on cancellation; either way it is time to close.
            try? await gracefulShutdown()
            try await store.close()
        }
    }

    /// Runs `body` with the database for one unit of work: a connection leased from the pool, or
    /// the SQLite connection once it is this task's turn. `body` must not keep the database.
    func withDatabase<R: Sendable>(logger: Logger, _ body: (any SQLDatabase) async throws -> R) async throws -> R {
        switch self {
        case .postgres(let pool):
            try await pool.withConnection(logger: logger, body)
        case .sqlite(let store):
            try await store.withDatabase(body)
        }
    }

    /// Runs `body` in one transaction: committed when `body` returns and `commit` is true, rolled
    /// back when it throws or `commit` is false (a dry run). On SQLite the transaction takes the
    /// write lock at once (`BEGIN IMMEDIATE`), so a read-then-write never meets another writer.
    /// The transaction is ended even when the task is cancelled meanwhile (cancellation makes
    /// SQLiteNIO's async queries fail): `COMMIT` and `ROLLBACK` go through the drivers'
    /// future-based path, which cancellation does not touch, so no connection is left inside a
    /// transaction.
    func transaction<R: Sendable>(
        logger: Logger,
        commit: Bool = true,
        _ body: (any SQLDatabase) async throws -> R
    ) async throws -> R {
        try await withDatabase(logger: logger) { database in
            try await database.raw(beginStatement).run()
            let result: R
            do {
                result = try await body(database)
                if commit {
                    try await database.execute(sql: SQLRaw("COMMIT")) { _ in }.get()
                    return result
                }
            } catch {
                await rollBack(database, logger: logger)
                throw error
            }
            await rollBack(database, logger: logger)
            return result
        }
    }

    private var beginStatement: SQLQueryString {
        switch self {
        case .postgres: "BEGIN"
        case .sqlite: "BEGIN IMMEDIATE"
        }
    }

    private func rollBack(_ database: any SQLDatabase, logger: Logger) async {
        do {
            try await database.execute(sql: SQLRaw("ROLLBACK")) { _ in }.get()
        } catch {
            logger.warning("rolling back a transaction failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Makes migrators queue, first thing in the migration's transaction: on PostgreSQL a
    /// transaction-scoped advisory lock (several servers may start at once), taken and held
    /// without the statement timeout (a migration of a large database, and the wait for another
    /// server's, may take longer); on SQLite the transaction's write lock already does it.
    func lockForMigration(_ database: any SQLDatabase) async throws {
        if case .postgres = self {
            try await database.raw("SET LOCAL statement_timeout = 0").run()
            try await database.raw("SELECT pg_advisory_xact_lock(\(literal: Self.migrationLockKey))").run()
        }
    }

    /// The advisory lock key of the migrations: "cashless" in ASCII.
    static let migrationLockKey: Int64 = 0x6361_7368_6C65_7373
}

extension PostgresServer {
    /// The pool's configuration for this server.
    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: host,
            port: port,
            username: username,
            password: password,
            database: database,
            tls: tls
        )
        configuration.options.maximumConnections = poolSize
        // No timeout sends no parameters: a pooler such as PgBouncer refuses them.
        if statementTimeout > .zero {
            let milliseconds = statementTimeout.components.seconds * 1_000 + statementTimeout.components.attoseconds / 1_000_000_000_000_000
            configuration.options.additionalStartupParameters = [
                ("statement_timeout", "\(milliseconds)ms"),
                // A transaction left open by a client that went away holds its locks no longer than this.
                ("idle_in_transaction_session_timeout", "60s"),
            ]
        }
        return configuration
    }
}
