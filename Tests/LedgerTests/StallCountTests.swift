import Foundation
import Ledger
import Roster
import Rules
import Testing

@Suite("Counts for the cashless criterion")
struct StallCountTests {
    @Test("a market's open stalls are counted by status, every status present", arguments: TestDatabase.all)
    func marketCounts(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            _ = try await ledger.importStalls(try stallList(surveyCSV(1...7, status: .qrDisplayed)), into: fixture.market.id, by: "t")
            _ = try await ledger.importStalls(try stallList(surveyCSV(8...10, status: .qrIssued)), into: fixture.market.id, by: "t")
            let closing = try #require(try await ledger.listVendors(in: fixture.market.id).items.first)
            _ = try await ledger.closeVendor(closing.id, by: "board")
            #expect(
                try await ledger.stallCounts(market: fixture.market.id)
                    == [.surveyed: 0, .hasAccount: 0, .qrIssued: 3, .qrDisplayed: 6]
            )
        }
    }

    @Test("a commune's counts list every market, one with no stall at zero", arguments: TestDatabase.all)
    func communeCounts(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let empty = try await ledger.createUnit(NewCommuneUnit(kind: .market, name: "Chợ Mới", communeId: fixture.commune.id))
            _ = try await ledger.createUnit(NewCommuneUnit(kind: .school, name: "Trường", communeId: fixture.commune.id))
            let elsewhere = try await ledger.createCommune(NewCommune(name: "Phường Hàng Bạc", province: "Hà Nội"))
            let otherMarket = try await ledger.createUnit(NewCommuneUnit(kind: .market, name: "Chợ Hàng Bè", communeId: elsewhere.id))
            _ = try await ledger.importStalls(try stallList(surveyCSV(1...4, status: .qrDisplayed)), into: fixture.market.id, by: "t")
            _ = try await ledger.importStalls(try stallList(surveyCSV(1...9)), into: otherMarket.id, by: "t")
            #expect(
                try await ledger.stallCounts(commune: fixture.commune.id) == [
                    MarketStallCounts(marketId: fixture.market.id, stalls: [.surveyed: 0, .hasAccount: 0, .qrIssued: 0, .qrDisplayed: 4]),
                    MarketStallCounts(marketId: empty.id, stalls: [.surveyed: 0, .hasAccount: 0, .qrIssued: 0, .qrDisplayed: 0]),
                ]
            )
        }
    }

    @Test("counts of a market or commune that does not exist are 'not found'", arguments: TestDatabase.all)
    func missing(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            await #expect(throws: LedgerError.notFound(.market, id: 4)) { try await ledger.stallCounts(market: 4) }
            await #expect(throws: LedgerError.notFound(.commune, id: 4)) { try await ledger.stallCounts(commune: 4) }
            await #expect(throws: LedgerError.notFound(.commune, id: 4)) {
                try await ledger.monthlyStallCounts(
                    commune: 4,
                    from: Month(year: 2026, month: 1),
                    through: Month(year: 2026, month: 2),
                    timeZone: vietnam
                )
            }
        }
    }

    @Test(
        "the monthly history gives each month's counts as they stood at its end, from the status history",
        arguments: TestDatabase.all
    )
    func monthlyHistory(database: TestDatabase) async throws {
        let clock = TestClock(try Date(iso8601: "2026-01-10T02:00:00Z"))
        try await database.withLedger(clock: clock) { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let market = fixture.market.id
            // January: 10 stalls surveyed with accounts, 2 of them already display their code.
            _ = try await ledger.importStalls(try stallList(surveyCSV(1...10)), into: market, by: "survey")
            let stalls = try await ledger.listVendors(in: market).items
            for stall in stalls.prefix(2) { _ = try await ledger.setStatus(of: stall.id, to: .qrDisplayed, by: "board") }
            // 1 February 03:00 in Vietnam, still 31 January in UTC: 3 more display theirs.
            clock.set(try Date(iso8601: "2026-01-31T20:00:00Z"))
            for stall in stalls[2..<5] { _ = try await ledger.setStatus(of: stall.id, to: .qrDisplayed, by: "board") }
            // March: one displaying stall leaves, another stall is issued a placard, and a new stall opens.
            clock.set(try Date(iso8601: "2026-03-15T03:00:00Z"))
            _ = try await ledger.closeVendor(stalls[0].id, by: "board")
            _ = try await ledger.setStatus(of: stalls[9].id, to: .qrIssued, by: "board")
            _ = try await ledger.createVendor(newStall("N1"), in: market, by: "board")

            let history = try await ledger.monthlyStallCounts(
                commune: fixture.commune.id,
                from: Month(year: 2025, month: 12),
                through: Month(year: 2026, month: 3),
                timeZone: vietnam
            )
            #expect(history.map(\.month.description) == ["2025-12", "2026-01", "2026-02", "2026-03"])
            #expect(history.map { $0.markets.map(\.marketId) } == Array(repeating: [market], count: 4))
            #expect(
                history.map { $0.markets[0].stalls } == [
                    [.surveyed: 0, .hasAccount: 0, .qrIssued: 0, .qrDisplayed: 0],
                    [.surveyed: 0, .hasAccount: 8, .qrIssued: 0, .qrDisplayed: 2],
                    [.surveyed: 0, .hasAccount: 5, .qrIssued: 0, .qrDisplayed: 5],
                    [.surveyed: 0, .hasAccount: 5, .qrIssued: 1, .qrDisplayed: 4],
                ]
            )
            // In UTC the February changes fall in January.
            let utc = try await ledger.monthlyStallCounts(
                commune: fixture.commune.id,
                from: Month(year: 2026, month: 1),
                through: Month(year: 2026, month: 1),
                timeZone: .gmt
            )
            #expect(utc.map { $0.markets[0].stalls[.qrDisplayed] } == [5])
        }
    }

    @Test("a month that ended stays as it stood, while the month under way follows every change", arguments: TestDatabase.all)
    func endedAndCurrentMonths(database: TestDatabase) async throws {
        let clock = TestClock(try Date(iso8601: "2026-02-10T02:00:00Z"))
        try await database.withLedger(clock: clock) { ledger in
            let fixture = try await MarketFixture(in: ledger)
            _ = try await ledger.importStalls(try stallList(surveyCSV(1...4)), into: fixture.market.id, by: "survey")
            clock.set(try Date(iso8601: "2026-03-05T02:00:00Z"))
            func history() async throws -> [Int?] {
                try await ledger.monthlyStallCounts(
                    commune: fixture.commune.id,
                    from: Month(year: 2026, month: 1),
                    through: Month(year: 2026, month: 3),
                    timeZone: vietnam
                )
                .map { $0.markets.first?.stalls[.qrDisplayed] }
            }
            #expect(try await history() == [0, 0, 0])
            let stall = try #require(try await ledger.listVendors(in: fixture.market.id).items.first)
            _ = try await ledger.setStatus(of: stall.id, to: .qrDisplayed, by: "board")
            #expect(try await history() == [0, 0, 1])
            // A market opened in March counts from March, and the months before show it empty.
            let second = try await ledger.createUnit(NewCommuneUnit(kind: .market, name: "Chợ Mới", communeId: fixture.commune.id))
            _ = try await ledger.createVendor(newStall("M1", status: .qrDisplayed), in: second.id, by: "board")
            let both = try await ledger.monthlyStallCounts(
                commune: fixture.commune.id,
                from: Month(year: 2026, month: 1),
                through: Month(year: 2026, month: 3),
                timeZone: vietnam
            )
            #expect(both.map { $0.markets.map { $0.stalls[.qrDisplayed] } } == [[0, 0], [0, 0], [1, 1]])
            #expect(both.map { $0.markets.map { $0.stalls[.hasAccount] } } == [[0, 0], [4, 0], [3, 0]])
        }
    }

    @Test("a month range that is backwards, too long or names no month is refused", arguments: TestDatabase.all)
    func badRanges(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let commune = fixture.commune.id
            await #expect(throws: LedgerError.invalid([FieldProblem(field: "through", reason: "2026-01 is before 2026-03")])) {
                try await ledger.monthlyStallCounts(
                    commune: commune,
                    from: Month(year: 2026, month: 3),
                    through: Month(year: 2026, month: 1),
                    timeZone: vietnam
                )
            }
            await #expect(throws: LedgerError.invalid([FieldProblem(field: "from", reason: "month 13 is not 1 through 12")])) {
                try await ledger.monthlyStallCounts(
                    commune: commune,
                    from: Month(year: 2026, month: 13),
                    through: Month(year: 2027, month: 1),
                    timeZone: vietnam
                )
            }
            await #expect(throws: LedgerError.invalid([FieldProblem(field: "through", reason: "at most 120 months at a time")])) {
                try await ledger.monthlyStallCounts(
                    commune: commune,
                    from: Month(year: 2016, month: 1),
                    through: Month(year: 2026, month: 1),
                    timeZone: vietnam
                )
            }
        }
    }
}

/// Vietnam's time: UTC+7 all year.
private let vietnam = TimeZone(secondsFromGMT: 7 * 3600) ?? .gmt
