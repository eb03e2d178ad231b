import Foundation
import Roster
import Rules
import SQLKit

extension Ledger {
    /// The open stalls of a market by status; every status is present, with 0 when no stall has it.
    /// A stall whose account no payment code can carry (``undrawableStalls(market:)``) counts as
    /// surveyed, whatever its status says. Counts only: shares and targets are the Adoption module's business.
    public func stallCounts(market marketId: Int64) async throws -> [EquipmentStatus: Int] {
        try await backend.withDatabase(logger: logger) { database in
            try await Self.requireMarket(marketId, database)
            let rows = try await database.select()
                .column(SQLColumn("market_id"), as: "marketId").column("status").column("stalls")
                .from("market_stall_counts")
                .where("market_id", .equal, marketId)
                .all(decoding: CountRow.self)
            let undrawable = try await Self.undrawableCounts(in: SQLGroupExpression(SQLBind(marketId)), database)
            return Self.marketCounts(markets: [marketId], rows: rows, undrawable: undrawable)[0].stalls
        }
    }

    /// The open stalls marked undrawable per market and status, of the markets `markets` (a
    /// parenthesised list or subquery) names.
    static func undrawableCounts(in markets: any SQLExpression, _ database: any SQLDatabase) async throws -> [CountRow] {
        try await database.select()
            .column(SQLColumn("market_id"), as: "marketId").column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "stalls")
            .from("vendors")
            .where(SQLColumn("market_id"), .in, markets)
            .where(SQLColumn("account_problem"), .isNot, SQLLiteral.null).where(SQLColumn("closed_at"), .is, SQLLiteral.null)
            .groupBy("market_id").groupBy("status")
            .all(decoding: CountRow.self)
    }

    /// The open stalls of every market of a commune by status, markets by ascending id (a market
    /// with no stall counts 0 at every status).
    public func stallCounts(commune communeId: Int64) async throws -> [MarketStallCounts] {
        try await backend.withDatabase(logger: logger) { database in
            try await Self.currentCounts(commune: communeId, markets: try await Self.markets(of: communeId, database), database)
        }
    }

    /// The open stalls of the commune's markets (`markets`, its market ids) now, by status: read
    /// from the counts every change of a stall keeps up to date.
    private static func currentCounts(commune communeId: Int64, markets: [Int64], _ database: any SQLDatabase) async throws -> [MarketStallCounts] {
        let rows = try await database.select()
            .column(SQLColumn("market_id"), as: "marketId").column("status").column("stalls")
            .from("market_stall_counts")
            .where("market_id", .in, marketIds(of: communeId))
            .all(decoding: CountRow.self)
        let undrawable = try await undrawableCounts(in: marketIds(of: communeId), database)
        return marketCounts(markets: markets, rows: rows, undrawable: undrawable)
    }

    /// What the cashless report of commune `communeId` is made from, read with one connection:
    /// the commune, its units by ascending id, the open stalls of each market by status, and the
    /// fees that stand.
    public func communeStanding(_ communeId: Int64) async throws -> CommuneStanding {
        try await backend.withDatabase(logger: logger) { database in
            let commune = try await Self.commune(communeId, in: database, forUpdate: false)
            let units = try await database.select().columns(propertyColumns(["id", "kind", "name", "bank_bin", "bank_account"]))
                .from("units").where("commune_id", .equal, communeId).orderBy("id")
                .all(decoding: UnitSummary.self)
            let markets = units.filter { $0.kind == .market }.map(\.id)
            let counts = try await Self.currentCounts(commune: communeId, markets: markets, database)
            let fees = try await Self.feeTotals(commune: communeId, in: database)
            return CommuneStanding(commune: commune, units: units, stalls: counts, fees: fees.amounts, receipts: fees.receipts)
        }
    }

    /// The stalls of every market of a commune as they stood at the end of each month from `from`
    /// through `through` (at most 120 months), read from the status history: a stall counts in a
    /// month when it was registered before the month's end and not closed by then, at the status
    /// of its last change before the end. `timeZone` says when a month ends (Vietnam: UTC+7).
    ///
    /// A month under way stands as the stalls do now (one grouped count); the months that ended
    /// are read from the history in one pass and then kept, since they no longer change.
    public func monthlyStallCounts(
        commune communeId: Int64,
        from: Month,
        through: Month,
        timeZone: TimeZone
    ) async throws -> [MonthlyStallCounts] {
        let months = try Self.months(from: from, through: through)
        let ends = try Self.ends(of: months, in: timeZone)
        let now = self.now()
        return try await backend.withDatabase(logger: logger) { database in
            let markets = try await Self.markets(of: communeId, database)
            var counts: [Month: [Int64: [EquipmentStatus: Int]]] = [:]
            var unread: [(month: Month, end: Date)] = []
            for (month, end) in zip(months, ends) {
                if end > now { continue }
                if let kept = closedMonths.counts(.init(commune: communeId, month: month, zone: timeZone.identifier), markets: markets) {
                    counts[month] = kept
                } else {
                    unread.append((month, end))
                }
            }
            if let last = unread.last {
                let changes = try await database.raw(
                    """
                    SELECT c.vendor_id AS \(ident: "vendorId"), v.market_id AS \(ident: "marketId"), c.to_status AS status,
                           c.changed_at AS \(ident: "changedAt"), v.closed_at AS \(ident: "closedAt")
                    FROM vendor_status_changes c JOIN vendors v ON v.id = c.vendor_id
                    WHERE v.market_id IN (SELECT id FROM units WHERE commune_id = \(bind: communeId) AND kind = \(bind: CommuneUnit.Kind.market.rawValue))
                      AND c.changed_at < \(bind: last.end)
                    ORDER BY c.vendor_id, c.id
                    """
                ).all(decoding: StatusTimeline.Change.self)
                let read = StatusTimeline(changes: changes).counts(at: unread.map(\.end), markets: markets)
                for ((month, end), monthCounts) in zip(unread, read) {
                    counts[month] = monthCounts
                    closedMonths.keep(monthCounts, for: .init(commune: communeId, month: month, zone: timeZone.identifier), end: end, now: now)
                }
            }
            let current = ends.contains { $0 > now } ? try await Self.currentCounts(commune: communeId, markets: markets, database) : []
            return months.map { month in
                guard let monthCounts = counts[month] else { return MonthlyStallCounts(month: month, markets: current) }
                return MonthlyStallCounts(month: month, markets: markets.map { MarketStallCounts(marketId: $0, stalls: monthCounts[$0] ?? [:]) })
            }
        }
    }

    /// One group of a count: the market, a status, and how many stalls.
    struct CountRow: Decodable {
        var marketId: Int64
        var status: EquipmentStatus
        var stalls: Int
    }

    /// The months from `from` through `through`, or the problem with them.
    static func months(from: Month, through: Month) throws(LedgerError) -> [Month] {
        var problems: [FieldProblem] = []
        for (field, month) in [("from", from), ("through", through)] where !(1...12).contains(month.month) {
            problems.append(FieldProblem(field: field, reason: "month \(month.month) is not 1 through 12"))
        }
        if problems.isEmpty, through < from {
            problems.append(FieldProblem(field: "through", reason: "\(through) is before \(from)"))
        }
        guard problems.isEmpty else { throw .invalid(problems) }
        var months = [from]
        while let last = months.last, last < through {
            guard months.count < 120 else {
                throw .invalid([FieldProblem(field: "through", reason: "at most 120 months at a time")])
            }
            months.append(last.next)
        }
        return months
    }

    /// The instant each of `months` ends in `timeZone`.
    static func ends(of months: [Month], in timeZone: TimeZone) throws(LedgerError) -> [Date] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return try months.map { month throws(LedgerError) in
            let next = month.next
            guard let end = calendar.date(from: DateComponents(year: next.year, month: next.month, day: 1)) else {
                throw .invalid([FieldProblem(field: "through", reason: "\(month) has no end in \(timeZone.identifier)")])
            }
            return end
        }
    }

    /// The ids of the commune's markets, ascending; throws when there is no such commune.
    private static func markets(of communeId: Int64, _ database: any SQLDatabase) async throws -> [Int64] {
        _ = try await commune(communeId, in: database, forUpdate: false)
        return try await database.select().column("id").from("units")
            .where("commune_id", .equal, communeId).where("kind", .equal, CommuneUnit.Kind.market.rawValue)
            .orderBy("id")
            .all(decodingColumn: "id", as: Int64.self)
    }

    /// `SELECT id FROM units WHERE commune_id = … AND kind = 'market'`, for `IN`.
    private static func marketIds(of communeId: Int64) -> any SQLExpression {
        SQLSubquery.select {
            $0
                .column("id").from("units")
                .where("commune_id", .equal, communeId).where("kind", .equal, CommuneUnit.Kind.market.rawValue)
        }
    }

    /// The counts of each market, every status present: the kept counts `rows` of `markets`, the
    /// stalls of `undrawable` moved to surveyed.
    static func marketCounts(markets: [Int64], rows: [CountRow], undrawable: [CountRow] = []) -> [MarketStallCounts] {
        let zero = Dictionary(uniqueKeysWithValues: EquipmentStatus.allCases.map { ($0, 0) })
        var counts = Dictionary(uniqueKeysWithValues: markets.map { ($0, zero) })
        for row in rows {
            counts[row.marketId]?[row.status] = row.stalls
        }
        for row in undrawable where row.status != .surveyed {
            counts[row.marketId]?[row.status]? -= row.stalls
            counts[row.marketId]?[.surveyed]? += row.stalls
        }
        return markets.map { MarketStallCounts(marketId: $0, stalls: counts[$0] ?? zero) }
    }
}
