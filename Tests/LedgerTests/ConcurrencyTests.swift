import Foundation
import Ledger
import Roster
import Testing

/// Several servers on one database: each ledger below has its own connection pool (or, on SQLite,
/// its own connection to one file), as separate `cashless serve` processes would.
@Suite("Several servers on one database")
struct ConcurrencyTests {
    @Test("two servers importing overlapping surveys at once lose nothing and duplicate nothing", arguments: TestDatabase.all)
    func concurrentImports(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await Ledger.withLedger(url, logger: .quiet) { first in
                try await Ledger.withLedger(url, logger: .quiet) { second in
                    let fixture = try await MarketFixture(in: first)
                    let market = fixture.market.id
                    let left = try stallList(surveyCSV(1...150, status: .qrIssued))
                    let right = try stallList(surveyCSV(101...250, status: .qrDisplayed))
                    async let a = first.importStalls(left, into: market, by: "server 1")
                    async let b = second.importStalls(right, into: market, by: "server 2")
                    let (one, two) = try await (a, b)
                    // Whoever came second found the 50 shared stalls already there.
                    #expect(one.created + two.created == 250)
                    #expect(one.updated + two.updated + one.unchanged + two.unchanged == 50)

                    let stalls = try await allStalls(of: market, first)
                    #expect(stalls.count == 250)
                    #expect(Set(stalls.map { $0.stall.uppercased() }).count == 250)
                    try await expectConsistentHistories(stalls, second)
                }
            }
        }
    }

    @Test(
        "imports and single status changes from two servers interleave without losing a change, whatever their clocks say",
        arguments: TestDatabase.all
    )
    func importsAndStatusChanges(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await Ledger.withLedger(url, logger: .quiet) { first in
                // The second server's clock is ten minutes behind the first's.
                try await Ledger.withLedger(url, logger: .quiet, clock: { Date() - 600 }) { second in
                    let fixture = try await MarketFixture(in: first)
                    let market = fixture.market.id
                    _ = try await first.importStalls(try stallList(surveyCSV(1...60)), into: market, by: "survey")
                    let stalls = try await allStalls(of: market, first)

                    try await withThrowingTaskGroup(of: Void.self) { group in
                        // Server 1 re-imports the survey, moving every stall to qr_issued, three times over.
                        group.addTask {
                            for round in 1...3 {
                                _ = try await first.importStalls(
                                    try stallList(surveyCSV(1...60, status: .qrIssued)),
                                    into: market,
                                    by: "import \(round)"
                                )
                            }
                        }
                        // Server 2 marks stalls as displaying their code, one by one.
                        group.addTask {
                            for stall in stalls {
                                _ = try await second.setStatus(of: stall.id, to: .qrDisplayed, by: "board")
                            }
                        }
                        try await group.waitForAll()
                    }
                    let after = try await allStalls(of: market, second)
                    #expect(after.count == 60)
                    try await expectConsistentHistories(after, first)
                }
            }
        }
    }

    @Test("two servers registering stalls at once: every code once, the loser told of the conflict", arguments: TestDatabase.all)
    func concurrentCreates(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await Ledger.withLedger(url, logger: .quiet) { first in
                try await Ledger.withLedger(url, logger: .quiet) { second in
                    let fixture = try await MarketFixture(in: first)
                    let market = fixture.market.id
                    let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                        for number in 1...20 {
                            for ledger in [first, second] {
                                group.addTask {
                                    do {
                                        _ = try await ledger.createVendor(newStall("K\(number)"), in: market, by: "server")
                                        return true
                                    } catch LedgerError.conflict {
                                        return false
                                    }
                                }
                            }
                        }
                        return try await group.reduce(into: [Bool]()) { $0.append($1) }
                    }
                    #expect(outcomes.filter { $0 }.count == 20)
                    #expect(try await allStalls(of: market, second).count == 20)
                }
            }
        }
    }
}

/// Every open stall of a market.
private func allStalls(of market: Int64, _ ledger: Ledger) async throws -> [Vendor] {
    try await ledger.listVendors(in: market, page: PageRequest(limit: PageRequest.maximumLimit)).items
}

/// Each stall's history is one unbroken chain, from its first status to the one it has now.
private func expectConsistentHistories(_ stalls: [Vendor], _ ledger: Ledger) async throws {
    for stall in stalls {
        let history = try await ledger.statusHistory(of: stall.id)
        #expect(history.first?.from == nil)
        #expect(zip(history, history.dropFirst()).allSatisfy { $0.to == $1.from }, "stall \(stall.stall): \(history)")
        #expect(history.last?.to == stall.status)
    }
}
