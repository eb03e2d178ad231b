import Foundation
import Roster
import SQLKit

/// What a province's report reads: the standing of every commune of the province, and their
/// months, in a fixed number of set-based queries however many communes it has (never one query
/// per commune).
extension Ledger {
    /// What the cashless report of province `provinceId` is made from, read with one connection in
    /// five queries: the province, its communes, their units with the open stalls of each market by
    /// status, the undrawable stalls among those, and the fees and receipts that stand.
    public func provinceStanding(_ provinceId: Int64) async throws -> ProvinceStanding {
        try await backend.withDatabase(logger: logger) { database in
            let province = try await Self.province(provinceId, in: database)
            // Rows read column by column: several times faster than through a Decodable model,
            // which counts with 650 communes and their units.
            let communes = try await database.select().columns(Self.communeColumns).from("communes")
                .where("province_id", .equal, provinceId).orderBy("id")
                .all().map { row in
                    Commune(
                        id: try row.decode(column: "id", as: Int64.self),
                        name: try row.decode(column: "name", as: String.self),
                        province: try row.decode(column: "province", as: String.self),
                        provinceId: try row.decode(column: "provinceId", as: Int64.self),
                        createdAt: try row.decode(column: "createdAt", as: Date.self)
                    )
                }
            // Each unit with its market's open stalls by status on the same row: one row per unit
            // decodes several times faster than one per market and status. Each count is a lookup
            // of the kept counts' key; the rows come in index order and are sorted here, which
            // spares the database a sort.
            func stalls(_ status: EquipmentStatus) -> SQLQueryString {
                """
                COALESCE((SELECT c.stalls FROM market_stall_counts c WHERE c.market_id = u.id AND c.status = \(bind: status.rawValue)), 0)
                """
            }
            let units = try await database.raw(
                """
                SELECT u.id, u.kind, u.name, u.bank_bin AS \(ident: "bankBin"), u.bank_account AS \(ident: "bankAccount"),
                       u.commune_id AS \(ident: "communeId"), \(stalls(.surveyed)) AS surveyed, \(stalls(.hasAccount)) AS \(ident: "hasAccount"),
                       \(stalls(.qrIssued)) AS \(ident: "qrIssued"), \(stalls(.qrDisplayed)) AS \(ident: "qrDisplayed")
                FROM units u
                WHERE u.commune_id IN (SELECT id FROM communes WHERE province_id = \(bind: provinceId))
                """
            ).all().map(ProvinceUnitRow.init(row:)).sorted { $0.id < $1.id }
            let markets = units.filter { $0.kind == .market }
            let undrawable = markets.isEmpty ? [] : try await Self.undrawableCounts(in: Self.markets(of: provinceId), database)
            let counts = Self.marketCounts(markets: markets.map(\.id), rows: markets.flatMap(\.countRows), undrawable: undrawable)
            let fees = try await database.select()
                .column(SQLColumn("commune_id", table: "units"), as: "communeId")
                .column(SQLColumn("method", table: "unit_fee_totals"), as: "method")
                .column(SQLRaw("CAST(SUM(unit_fee_totals.total) AS BIGINT)"), as: "total")
                .column(SQLRaw("CAST(SUM(unit_fee_totals.receipts) AS BIGINT)"), as: "receipts")
                .from("unit_fee_totals")
                .join("units", on: SQLColumn("unit_id", table: "unit_fee_totals"), .equal, SQLColumn("id", table: "units"))
                .where(SQLColumn("commune_id", table: "units"), .in, Self.communes(of: provinceId))
                .groupBy(SQLColumn("commune_id", table: "units")).groupBy(SQLColumn("method", table: "unit_fee_totals"))
                .all(decoding: CommuneMethodTotal.self)

            let unitsByCommune = Dictionary(grouping: units, by: \.communeId)
            let countsByMarket = Dictionary(uniqueKeysWithValues: counts.map { ($0.marketId, $0) })
            let feesByCommune = Dictionary(grouping: fees, by: \.communeId)
            return ProvinceStanding(
                province: province,
                communes: communes.map { commune in
                    let own = unitsByCommune[commune.id] ?? []
                    var amounts = FeeTotals(cashless: 0, cash: 0)
                    var receipts = ReceiptCounts(cashless: 0, cash: 0)
                    for row in feesByCommune[commune.id] ?? [] {
                        if row.method == .cash {
                            amounts.cash += UInt64(row.total)
                            receipts.cash += Int(row.receipts)
                        } else {
                            amounts.cashless += UInt64(row.total)
                            receipts.cashless += Int(row.receipts)
                        }
                    }
                    return CommuneStanding(
                        commune: commune,
                        units: own.map(\.summary),
                        stalls: own.filter { $0.kind == .market }.compactMap { countsByMarket[$0.id] },
                        fees: amounts,
                        receipts: receipts
                    )
                }
            )
        }
    }

    /// The months `from` through `through` of every commune of province `provinceId`, by
    /// ascending commune id: the stalls of each market at the end of each month (as
    /// ``monthlyStallCounts(commune:from:through:timeZone:)`` reads them, months that ended kept
    /// once read, per commune) and the fees and receipts of each month, read from the kept totals.
    /// One pass over the status history of the province's markets when some ended month is not
    /// kept yet; otherwise a fixed handful of grouped reads.
    public func provinceMonths(_ provinceId: Int64, from: Month, through: Month, timeZone: TimeZone) async throws -> [CommuneMonths] {
        let months = try Self.months(from: from, through: through)
        let ends = try Self.ends(of: months, in: timeZone)
        let now = self.now()
        return try await backend.withDatabase(logger: logger) { database in
            _ = try await Self.province(provinceId, in: database)
            let communes = try await database.select().column("id").from("communes").where("province_id", .equal, provinceId).orderBy("id")
                .all(decodingColumn: "id", as: Int64.self)
            let marketRows = try await database.select().columns(propertyColumns(["id", "commune_id"])).from("units")
                .where(SQLColumn("commune_id"), .in, Self.communes(of: provinceId))
                .where("kind", .equal, CommuneUnit.Kind.market.rawValue).orderBy("id")
                .all(decoding: MarketRow.self)
            let markets = Dictionary(grouping: marketRows, by: \.communeId).mapValues { $0.map(\.id) }
            let allMarkets = marketRows.map(\.id)

            // Months that ended: kept per commune, or read for the whole province in one pass.
            var counts: [Int64: [Month: [Int64: [EquipmentStatus: Int]]]] = [:]
            var unread: [(month: Month, end: Date)] = []
            for (month, end) in zip(months, ends) where end <= now {
                var all = true
                for commune in communes {
                    let key = ClosedMonths.Key(commune: commune, month: month, zone: timeZone.identifier)
                    if let kept = closedMonths.counts(key, markets: markets[commune] ?? []) {
                        counts[commune, default: [:]][month] = kept
                    } else {
                        all = false
                    }
                }
                if !all { unread.append((month, end)) }
            }
            if let last = unread.last, !allMarkets.isEmpty {
                let changes = try await database.raw(
                    """
                    SELECT c.vendor_id AS \(ident: "vendorId"), v.market_id AS \(ident: "marketId"), c.to_status AS status,
                           c.changed_at AS \(ident: "changedAt"), v.closed_at AS \(ident: "closedAt")
                    FROM vendor_status_changes c JOIN vendors v ON v.id = c.vendor_id
                    WHERE v.market_id IN (SELECT u.id FROM units u JOIN communes m ON m.id = u.commune_id
                                          WHERE m.province_id = \(bind: provinceId) AND u.kind = \(bind: CommuneUnit.Kind.market.rawValue))
                      AND c.changed_at < \(bind: last.end)
                    ORDER BY c.vendor_id, c.id
                    """
                ).all(decoding: StatusTimeline.Change.self)
                let read = StatusTimeline(changes: changes).counts(at: unread.map(\.end), markets: allMarkets)
                for ((month, end), monthCounts) in zip(unread, read) {
                    for commune in communes {
                        let own = Dictionary(uniqueKeysWithValues: (markets[commune] ?? []).map { ($0, monthCounts[$0] ?? [:]) })
                        counts[commune, default: [:]][month] = own
                        closedMonths.keep(own, for: .init(commune: commune, month: month, zone: timeZone.identifier), end: end, now: now)
                    }
                }
            }
            let current =
                ends.contains { $0 > now }
                ? Dictionary(
                    uniqueKeysWithValues: try await Self.currentCounts(markets: allMarkets, province: provinceId, database).map { ($0.marketId, $0) }
                ) : [:]

            let fees = try await database.select()
                .column(SQLColumn("commune_id", table: "units"), as: "communeId")
                .column(SQLColumn("month", table: "unit_fee_totals"), as: "month")
                .column(SQLColumn("method", table: "unit_fee_totals"), as: "method")
                .column(SQLRaw("CAST(SUM(unit_fee_totals.total) AS BIGINT)"), as: "total")
                .column(SQLRaw("CAST(SUM(unit_fee_totals.receipts) AS BIGINT)"), as: "receipts")
                .from("unit_fee_totals")
                .join("units", on: SQLColumn("unit_id", table: "unit_fee_totals"), .equal, SQLColumn("id", table: "units"))
                .where(SQLColumn("commune_id", table: "units"), .in, Self.communes(of: provinceId))
                .where(SQLColumn("month", table: "unit_fee_totals"), .greaterThanOrEqual, SQLBind(from.description))
                .where(SQLColumn("month", table: "unit_fee_totals"), .lessThanOrEqual, SQLBind(through.description))
                .groupBy(SQLColumn("commune_id", table: "units")).groupBy(SQLColumn("month", table: "unit_fee_totals"))
                .groupBy(SQLColumn("method", table: "unit_fee_totals"))
                .all(decoding: CommuneMonthTotal.self)
            var monthFees: [Int64: [String: MonthlyFees]] = [:]
            for row in fees {
                let zero = MonthlyFees(month: from, amounts: FeeTotals(cashless: 0, cash: 0), receipts: ReceiptCounts(cashless: 0, cash: 0))
                var entry = monthFees[row.communeId]?[row.month] ?? zero
                if row.method == .cash {
                    entry.amounts.cash += UInt64(row.total)
                    entry.receipts.cash += Int(row.receipts)
                } else {
                    entry.amounts.cashless += UInt64(row.total)
                    entry.receipts.cashless += Int(row.receipts)
                }
                monthFees[row.communeId, default: [:]][row.month] = entry
            }

            return communes.map { commune in
                let own = markets[commune] ?? []
                return CommuneMonths(
                    communeId: commune,
                    stalls: months.map { month in
                        guard let monthCounts = counts[commune]?[month] else {
                            return MonthlyStallCounts(month: month, markets: own.compactMap { current[$0] })
                        }
                        return MonthlyStallCounts(month: month, markets: own.map { MarketStallCounts(marketId: $0, stalls: monthCounts[$0] ?? [:]) })
                    },
                    fees: months.map { month in
                        var entry =
                            monthFees[commune]?[month.description]
                            ?? MonthlyFees(month: month, amounts: FeeTotals(cashless: 0, cash: 0), receipts: ReceiptCounts(cashless: 0, cash: 0))
                        entry.month = month
                        return entry
                    }
                )
            }
        }
    }

    /// `SELECT id FROM communes WHERE province_id = …`, for `IN`.
    private static func communes(of provinceId: Int64) -> any SQLExpression {
        SQLSubquery.select { $0.column("id").from("communes").where("province_id", .equal, provinceId) }
    }

    /// `SELECT id FROM units WHERE commune_id IN (the province's communes) AND kind = 'market'`, for `IN`.
    private static func markets(of provinceId: Int64) -> any SQLExpression {
        SQLSubquery.select {
            $0.column("id").from("units")
                .where(SQLColumn("commune_id"), .in, communes(of: provinceId))
                .where("kind", .equal, CommuneUnit.Kind.market.rawValue)
        }
    }

    /// The open stalls of `markets` (all the markets of province `provinceId`) now, by status.
    private static func currentCounts(markets: [Int64], province provinceId: Int64, _ database: any SQLDatabase) async throws -> [MarketStallCounts] {
        guard !markets.isEmpty else { return [] }
        let provinceMarkets = Self.markets(of: provinceId)
        let rows = try await database.select()
            .column(SQLColumn("market_id"), as: "marketId").column("status").column("stalls")
            .from("market_stall_counts")
            .where(SQLColumn("market_id"), .in, provinceMarkets)
            .all(decoding: CountRow.self)
        let undrawable = try await undrawableCounts(in: provinceMarkets, database)
        return marketCounts(markets: markets, rows: rows, undrawable: undrawable)
    }
}

/// A unit of a province's commune, as the province's report reads it, with the open stalls of a
/// market by status (0 for other units).
private struct ProvinceUnitRow {
    var id: Int64
    var kind: CommuneUnit.Kind
    var name: String
    var bankBin: String?
    var bankAccount: String?
    var communeId: Int64
    var surveyed, hasAccount, qrIssued, qrDisplayed: Int

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        // As text, then the kind: PostgreSQL's rows decode an enum through a much slower path.
        let kind = try row.decode(column: "kind", as: String.self)
        self.kind = try expect(CommuneUnit.Kind(rawValue: kind), "a unit's kind, not '\(kind)'")
        name = try row.decode(column: "name", as: String.self)
        bankBin = try row.decode(column: "bankBin", as: String?.self)
        bankAccount = try row.decode(column: "bankAccount", as: String?.self)
        communeId = try row.decode(column: "communeId", as: Int64.self)
        surveyed = try row.decode(column: "surveyed", as: Int.self)
        hasAccount = try row.decode(column: "hasAccount", as: Int.self)
        qrIssued = try row.decode(column: "qrIssued", as: Int.self)
        qrDisplayed = try row.decode(column: "qrDisplayed", as: Int.self)
    }

    /// The stall counts as the kept counts' rows.
    var countRows: [Ledger.CountRow] {
        [(EquipmentStatus.surveyed, surveyed), (.hasAccount, hasAccount), (.qrIssued, qrIssued), (.qrDisplayed, qrDisplayed)]
            .map { Ledger.CountRow(marketId: id, status: $0.0, stalls: $0.1) }
    }

    var summary: UnitSummary { UnitSummary(id: id, kind: kind, name: name, bankBin: bankBin, bankAccount: bankAccount) }
}

/// A market and its commune.
private struct MarketRow: Decodable {
    var id: Int64
    var communeId: Int64
}

/// The fee totals of a commune summed by method.
private struct CommuneMethodTotal: Decodable {
    var communeId: Int64
    var method: Receipt.Method
    var total: Int64
    var receipts: Int64
}

/// The fee totals of a commune summed by month and method.
private struct CommuneMonthTotal: Decodable {
    var communeId: Int64
    var month: String
    var method: Receipt.Method
    var total: Int64
    var receipts: Int64
}
