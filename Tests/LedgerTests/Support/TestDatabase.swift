import Foundation
import Logging
import SQLKit
import Testing

@testable import Ledger

/// The databases every storage test runs on: SQLite always, and PostgreSQL when
/// `CASHLESS_TEST_POSTGRES_URL` names a server whose user may create databases
/// (`scripts/with-postgres` starts one and sets it). Each test gets a database of its own.
enum TestDatabase: Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres(PostgresServer)

    /// SQLite, and PostgreSQL when configured.
    static let all: [TestDatabase] = {
        guard let text = ProcessInfo.processInfo.environment["CASHLESS_TEST_POSTGRES_URL"], !text.isEmpty else {
            return [.sqlite]
        }
        do {
            guard case .postgres(var server) = try DatabaseURL(text) else {
                preconditionFailure("CASHLESS_TEST_POSTGRES_URL is not a postgres:// URL")
            }
            // The tests share one server and run in parallel on a small machine: a ledger may
            // wait longer for a connection, and a statement for a lock, than a deployment's
            // defaults (5 and 15 seconds).
            server.poolWait = .seconds(60)
            server.statementTimeout = .seconds(120)
            return [.sqlite, .postgres(server)]
        } catch {
            preconditionFailure("CASHLESS_TEST_POSTGRES_URL: \(error)")
        }
    }()

    var testDescription: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }

    /// A migrated ledger on a new database (SQLite in memory), for the length of `body`.
    @discardableResult
    func withLedger<R: Sendable>(clock: TestClock = TestClock(), _ body: (Ledger) async throws -> R) async throws -> R {
        switch self {
        case .sqlite:
            try await Ledger.withLedger(.sqliteMemory, logger: .quiet, clock: clock.now, body)
        case .postgres:
            try await withSharedDatabase { url in
                try await Ledger.withLedger(url, logger: .quiet, clock: clock.now, body)
            }
        }
    }

    /// A new, empty database that several ledgers can open at once, as several servers would:
    /// an SQLite file in a new folder, or a new PostgreSQL database. Removed afterwards.
    func withSharedDatabase<R: Sendable>(_ body: (DatabaseURL) async throws -> R) async throws -> R {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            return try await body(.sqliteFile(path: folder.appendingPathComponent("cashless.sqlite").path))
        case .postgres(let admin):
            let name = "ledger_" + UUID().uuidString.lowercased().filter { $0 != "-" }
            try await Self.administer(admin) { try await $0.raw("CREATE DATABASE \(ident: name)").run() }
            var server = admin
            server.database = name
            do {
                let result = try await body(.postgres(server))
                try await Self.administer(admin) { try await $0.raw("DROP DATABASE \(ident: name) WITH (FORCE)").run() }
                return result
            } catch {
                try? await Self.administer(admin) { try await $0.raw("DROP DATABASE \(ident: name) WITH (FORCE)").run() }
                throw error
            }
        }
    }

    /// Runs `statement` on the server's own database, outside any transaction.
    private static func administer(_ server: PostgresServer, _ statement: (any SQLDatabase) async throws -> Void) async throws {
        try await withRunningLedger(.postgres(server)) { ledger in
            try await ledger.backend.withDatabase(logger: .quiet, statement)
        }
    }
}

/// Opens a ledger on `url` and runs it, without migrating it, for the length of `body`.
func withRunningLedger<R: Sendable>(
    _ url: DatabaseURL,
    clock: TestClock = TestClock(),
    _ body: (Ledger) async throws -> R
) async throws -> R {
    let ledger = try await Ledger.open(url, logger: .quiet, clock: clock.now)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await ledger.run() }
        defer { group.cancelAll() }
        return try await body(ledger)
    }
}

extension Logger {
    /// Warnings and errors only: the tests' output stays readable.
    static let quiet: Logger = {
        var logger = Logger(label: "ledger-tests")
        logger.logLevel = .warning
        return logger
    }()
}
