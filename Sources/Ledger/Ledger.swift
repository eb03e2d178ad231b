import Foundation
import Logging
import ServiceLifecycle

/// Everything Cashless stores, kept in SQLite or PostgreSQL: the only part of Cashless that speaks
/// SQL. Its methods are grouped by what they store: communes, units and stalls (`Markets/`); bills,
/// payments, receipts, their keys and the kept fee totals (`Fees/`); API keys, users and sessions
/// (`Access/`). `Caches/` holds what the HTTP hot paths read again within seconds, `Database/` the
/// schema, migrations and the two engines.
///
/// Open it with ``open(_:logger:clock:)`` and keep ``run()`` running while it is used (it is a
/// `Service`, so a `ServiceGroup` can run it, as it runs a `PostgresClient`); call ``migrate()``
/// once at start. ``withLedger(_:logger:clock:_:)`` does all three around a closure.
///
/// Several ledgers (several servers) may share one PostgreSQL database: every change of a
/// market's stalls locks the market's row first, so they queue instead of losing each other's work.
public final class Ledger: Service {
    let backend: Backend
    let logger: Logger
    /// Where receipts wait to be issued: several of a unit in one transaction and one durable commit.
    let receiptQueue = GroupCommit<IssueRequest, IssuedReceipt>()
    /// The stall counts of months that are over, which never change again.
    let closedMonths = ClosedMonths()
    /// API keys read in the last few seconds.
    let recentKeys = RecentKeys()
    /// The kind and commune of units read, which never change.
    let unitScopes = UnitScopes()
    /// Stalls read in the last few seconds, for their code images.
    let recentStalls = RecentStalls()
    /// Rung after a commit that may have queued deliveries of receipts: senders wait on it.
    public let deliveryBell = Doorbell()
    private let clock: @Sendable () -> Date

    private init(backend: Backend, logger: Logger, clock: @escaping @Sendable () -> Date) {
        self.backend = backend
        self.logger = logger
        self.clock = clock
    }

    /// Opens the database at `url` (for PostgreSQL, connections are made once ``run()`` runs).
    /// Use the ledger while ``run()`` runs, after ``migrate()``. `clock` says what time it is;
    /// the ledger keeps times to the second.
    public static func open(
        _ url: DatabaseURL,
        logger: Logger,
        clock: @escaping @Sendable () -> Date = Date.init
    ) async throws -> Ledger {
        Ledger(backend: try await Backend.open(url, logger: logger), logger: logger, clock: clock)
    }

    /// Keeps the database usable until the task is cancelled or a graceful shutdown begins,
    /// then closes it.
    public func run() async throws {
        try await backend.run()
    }

    /// Opens the database at `url`, runs the ledger, brings its schema up to date and hands it to
    /// `body`; closes it when `body` returns or throws.
    @discardableResult
    public static func withLedger<R: Sendable>(
        _ url: DatabaseURL,
        logger: Logger,
        clock: @escaping @Sendable () -> Date = Date.init,
        _ body: (Ledger) async throws -> R
    ) async throws -> R {
        let ledger = try await open(url, logger: logger, clock: clock)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await ledger.run() }
            let result: R
            do {
                try await ledger.migrate()
                result = try await body(ledger)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
            try await group.waitForAll()
            return result
        }
    }

    /// The time now, to the second: what the ledger writes as the time of a change. A change to a
    /// market's stalls takes it after locking the market, so changes made later are not dated earlier.
    func now() -> Date {
        Date(timeIntervalSince1970: clock().timeIntervalSince1970.rounded(.down))
    }
}
