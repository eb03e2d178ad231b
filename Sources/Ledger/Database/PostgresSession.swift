import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgresKit's database on one leased connection, mending two things. A statement sent on a
/// connection that PostgreSQL has just closed (a restart, a crash) is handed to a channel whose
/// handlers are gone, and its answer never comes — the unit of work would wait for ever: here
/// the statement is written on the connection's event loop and, the connection found closed
/// right after, answered "connection lost" (on the loop, nothing can answer it in between; a
/// statement written while the connection was open gets its answer, or the driver's own error
/// when the connection closes later). And an error that says the database went away or a
/// statement ran past its timeout becomes ``LedgerError/unavailable(_:)`` here, at the statement,
/// so the savepoints that keep a statement's error as a value carry it too.
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
        let (connection, base) = (self.connection, self.base)
        return connection.eventLoop.flatSubmit {
            // PostgresKit writes the statement before this returns, being on the loop already.
            let answer = base.execute(sql: query, onRow)
            guard !connection.isClosed else {
                return connection.eventLoop.makeFailedFuture(LedgerError.unavailable("the database connection was lost"))
            }
            return answer
        }.flatMapErrorThrowing { error in
            if let reason = (error as? PSQLError)?.unavailability { throw LedgerError.unavailable(reason) }
            throw error
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await execute(sql: query, onRow).get()
    }
}
