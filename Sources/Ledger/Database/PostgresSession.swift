import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// PostgresKit's database on one leased connection, mending one fault of the driver: a statement
/// sent on a connection that PostgreSQL has just closed (a restart, a crash) is handed to a
/// channel whose handlers are gone, and its answer never comes — the unit of work would wait for
/// ever. Here each statement's answer is also settled, as "connection lost", when the connection
/// is found closed on its event loop right after the statement was written to it (the loop runs
/// the two in order); a statement written while the connection was open gets its answer, or the
/// driver's own error when the connection closes later.
struct PostgresSession: SQLDatabase {
    let connection: PostgresConnection
    private let base: any SQLDatabase

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        base = connection.sql(queryLogLevel: .trace, logger: logger)
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        let answer = connection.eventLoop.makePromise(of: Void.self)
        let settled = Settled()
        base.execute(sql: query, onRow).whenComplete { result in
            if settled.first() { answer.completeWith(result) }
        }
        let connection = self.connection
        connection.eventLoop.execute {
            if connection.isClosed, settled.first() {
                answer.fail(LedgerError.unavailable("the database connection was lost"))
            }
        }
        return answer.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await execute(sql: query, onRow).get()
    }
}

/// Whether a statement's answer was given: by the driver, or as "connection lost".
private final class Settled: Sendable {
    private let done = Atomic(false)

    /// True for the first caller only.
    func first() -> Bool { !done.exchange(true, ordering: .acquiringAndReleasing) }
}
