import Foundation
import SQLKit
import Synchronization
import Testing

@testable import Ledger

/// What the database plans for the reads that must not grow with a unit's receipts: each is read
/// through an index, never by scanning the table (issue 16: a province issues millions).
@Suite("Reads that stay small at province scale use their indexes")
struct QueryPlanTests {
    /// `EXPLAIN QUERY PLAN` (SQLite) or `EXPLAIN` (PostgreSQL, with sequential scans priced out so
    /// that a small test table still shows which index the query can use) before a query.
    struct Explained: SQLExpression {
        let prefix: String
        let query: any SQLExpression

        func serialize(to serializer: inout SQLSerializer) {
            serializer.write(prefix)
            query.serialize(to: &serializer)
        }
    }

    /// The plan's lines for `query`.
    static func plan(_ query: SQLSelectBuilder, in database: any SQLDatabase) async throws -> [String] {
        let sqlite = database.dialect.name == "sqlite"
        if !sqlite { try await database.raw("SET enable_seqscan = off").run() }
        let lines = Mutex<[String]>([])
        let column = sqlite ? "detail" : "QUERY PLAN"
        try await database.execute(sql: Explained(prefix: sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ", query: query.query)) { row in
            if let line = try? row.decode(column: column, as: String.self) { lines.withLock { $0.append(line) } }
        }
        if !sqlite { try await database.raw("RESET enable_seqscan").run() }
        return lines.withLock { $0 }
    }

    @Test(
        "a unit's status list is read from its receipts that supersede another, through an index, not from all it issued",
        arguments: TestDatabase.all
    )
    func statusList(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let plan = try await ledger.backend.withDatabase(logger: .quiet) { database in
                try await Self.plan(Ledger.supersededQuery(unit: 1, series: nil, in: database), in: database)
            }
            #expect(plan.contains { $0.contains("receipts_unit_supersedes") }, "\(plan)")
            #expect(!plan.contains { $0.contains("SCAN") || $0.contains("Seq Scan") }, "\(plan)")
        }
    }
}
