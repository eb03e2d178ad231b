import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// PostgresNIO's connection pool with the two bounds a server needs when PostgreSQL stops
/// answering: a request waits at most ``PostgresServer/poolWait`` for a connection (the pool
/// itself would wait for ever while it tries to reconnect), and a connection lost in the middle
/// of a unit of work is reported as ``LedgerError/unavailable(_:)`` (503, try again) rather than
/// as a fault of the service. Each statement is bounded by the server's `statement_timeout`,
/// which the pool's connections set at login (``PostgresServer/statementTimeout``).
struct PostgresPool: Sendable {
    let client: PostgresClient
    let wait: Duration

    init(server: PostgresServer, logger: Logger) {
        // The pool's only background warning is that a connection was asked for before `run()`
        // started, which happens at every start (the pool then waits for `run()`), so only its
        // errors are worth logging.
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        client = PostgresClient(configuration: server.clientConfiguration, backgroundLogger: background)
        wait = server.poolWait
    }

    /// Runs `body` with a leased connection, or throws ``LedgerError/unavailable(_:)`` when no
    /// connection is had within ``wait`` (the pool failing to lease one, its circuit breaker
    /// open after a minute without PostgreSQL, or the wait running out) or the one leased is lost.
    /// The lease and the wait race for one state: when the wait wins, a connection that comes
    /// later is given back untouched, so nothing answered 503 was done.
    func withConnection<R: Sendable>(logger: Logger, _ body: (any SQLDatabase) async throws -> R) async throws -> R {
        do {
            return try await withoutActuallyEscaping(body) { body in
                let work = Unchecked(body)
                let lease = LeaseState()
                return try await withThrowingTaskGroup(of: R?.self) { group in
                    group.addTask {
                        do {
                            return try await client.withConnection { connection in
                                guard lease.settle(as: .leased) else { throw LeaseState.Late() }
                                return try await work.value(PostgresSession(connection: connection, logger: logger))
                            }
                        } catch is LeaseState.Late {
                            return nil
                        } catch  where !lease.isLeased {
                            throw LedgerError.unavailable("no database connection: \(error)")
                        }
                    }
                    group.addTask { [wait] in
                        try await Task.sleep(for: wait)
                        guard lease.settle(as: .timedOut) else { return nil }
                        throw LedgerError.unavailable("no database connection within \(wait)")
                    }
                    // The work's answer, or the first error (the wait's, or the work's). A group
                    // that returns waits for its tasks, so the wait, if still sleeping, is
                    // cancelled first.
                    while let next = try await group.next() {
                        if let result = next {
                            group.cancelAll()
                            return result
                        }
                    }
                    throw LedgerError.unexpected("the database work ended without an answer")
                }
            }
        } catch let error as PSQLError {
            guard let reason = error.unavailability else { throw error }
            logger.warning("the database is unavailable", metadata: ["error": "\(String(reflecting: error))"])
            throw LedgerError.unavailable(reason)
        }
    }
}

/// Whether a connection was leased in time: settled once, by the lease or by the wait.
private final class LeaseState: Sendable {
    static let waiting: UInt8 = 0
    static let leased: UInt8 = 1
    static let timedOut: UInt8 = 2
    private let state = Atomic<UInt8>(LeaseState.waiting)

    enum Outcome { case leased, timedOut }

    /// Thrown inside a connection leased after the wait ran out: it goes back to the pool unused.
    struct Late: Error {}

    /// Settles the state as `outcome` unless it is settled already; whether it did.
    func settle(as outcome: Outcome) -> Bool {
        state.compareExchange(expected: Self.waiting, desired: outcome == .leased ? Self.leased : Self.timedOut, ordering: .acquiringAndReleasing)
            .exchanged
    }

    var isLeased: Bool { state.load(ordering: .acquiring) == Self.leased }
}

/// A value handed to a child task that runs while its owner waits: `body` is called by one task
/// at a time, never after `withConnection` returns.
private struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension PSQLError {
    /// Why the same request may succeed when tried again, when the error says the server could
    /// not be reached or went away (its connection closed, a shutdown, recovery, too many
    /// connections) or a statement ran past the statement timeout; nil when a statement was wrong.
    var unavailability: String? {
        switch code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed, .queryCancelled:
            return "the database connection was lost"
        case .server:
            // SQLSTATE classes 08 (connection exception), 53 (insufficient resources) and 57
            // (operator intervention: shutdown, recovery, and 57014, a cancelled statement).
            let state = serverInfo?[.sqlState] ?? ""
            if state == "57014" { return "a database statement ran past the statement timeout" }
            return state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57") ? "the database is not taking work" : nil
        default:
            return nil
        }
    }
}
