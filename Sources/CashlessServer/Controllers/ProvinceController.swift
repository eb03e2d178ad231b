import Adoption
import Foundation
import Hummingbird
import Ledger
import Operations
import VietnamCalendar

/// Provinces and their cashless report: `/v1/provinces`, every commune of a province ranked with
/// its criteria and shares, as JSON or CSV, and the province's months.
struct ProvinceController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("provinces", use: list)
        group.get("provinces/:id", use: province)
        group.get("provinces/:id/cashless", use: cashless)
        group.get("provinces/:id/cashless/history", use: history)
    }

    /// Admins every province; a province officer their own; others none.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PageView<Province> {
        let identity = try context.requireIdentity()
        switch identity.role {
        case .admin:
            return PageView(try await services.ledger.listProvinces(page: try request.pageRequest())) { $0 }
        case .province:
            return PageView(items: [try await services.ledger.province(identity.scopeId ?? -1)])
        case .commune, .unit:
            return PageView(items: [])
        }
    }

    @Sendable func province(_ request: Request, context: AppRequestContext) async throws -> Province {
        try await services.ledger.province(try services.provinceId(request, context))
    }

    struct CashlessView: ResponseEncodable {
        var provinceId: Int64
        var province: String
        var report: ProvinceReport

        private enum CodingKeys: String, CodingKey {
            case provinceId, province, communes, communeCount, meetingAll, equipped, cashlessByCount, cashlessByValue
        }

        /// `{provinceId, province, communeCount, meetingAll, equipped, cashlessByCount, cashlessByValue, communes: [...]}`.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(provinceId, forKey: .provinceId)
            try container.encode(province, forKey: .province)
            try container.encode(report.communes.count, forKey: .communeCount)
            try container.encode(report.meetingAll, forKey: .meetingAll)
            try container.encode(report.equipped, forKey: .equipped)
            try container.encode(report.cashlessByCount, forKey: .cashlessByCount)
            try container.encode(report.cashlessByValue, forKey: .cashlessByValue)
            try container.encode(report.communes.map(CommuneLine.init), forKey: .communes)
        }
    }

    /// A commune of the report as the API shows it.
    struct CommuneLine: Encodable {
        var rank: Int
        var communeId: Int64
        var commune: String
        var met: Bool
        var criteriaMet: Int
        var criteria: [Criterion]
        var equipped: Share
        var cashlessByCount: Share
        var cashlessByValue: Share

        init(_ ranked: RankedCommune) {
            rank = ranked.rank
            communeId = ranked.tally.communeId
            commune = ranked.tally.name
            met = ranked.tally.meetsAll
            criteriaMet = ranked.tally.criteriaMet
            criteria = ranked.tally.criteria
            equipped = ranked.tally.equipped
            cashlessByCount = ranked.tally.cashlessByCount
            cashlessByValue = ranked.tally.cashlessByValue
        }
    }

    /// The report as JSON (written by ``ProvinceJSON``, the same document ``CashlessView`` encodes), or with `?format=csv` as a spreadsheet.
    @Sendable func cashless(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try services.provinceId(request, context)
        let (province, report) = try await services.provinceReports.report(id, ledger: services.ledger, targets: services.targets)
        if request.uri.queryParameters.get("format") == "csv" {
            return ProvinceCSV.response(report, provinceId: id)
        }
        return ProvinceJSON.response(CashlessView(provinceId: id, province: province.name, report: report))
    }

    struct HistoryView: ResponseEncodable {
        var provinceId: Int64
        var target: Double
        var months: [MonthShares]
        var communes: [CommuneHistory]
    }

    /// `?from=2026-01&to=2026-11`: each month's equipped share (at its end, Asia/Ho_Chi_Minh) and
    /// cashless shares by count and value, of the province and of each commune; by default the last 12 months.
    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> HistoryView {
        let id = try services.provinceId(request, context)
        let query = request.uri.queryParameters
        let through = try query.get("to").map { try ReportController.month($0, field: "to") } ?? Month.current
        let from = try query.get("from").map { try ReportController.month($0, field: "from") } ?? through.yearEarlier
        let months = try await services.ledger.provinceMonths(id, from: from, through: through, timeZone: .vietnam)
        let history = Reports.history(months, months: months.first?.stalls.map(\.month) ?? Self.months(from: from, through: through))
        return HistoryView(provinceId: id, target: services.targets.marketEquipped, months: history.months, communes: history.communes)
    }

    /// The months `from` through `through` (already checked by the ledger).
    static func months(from: Month, through: Month) -> [Month] {
        var months = [from]
        while let last = months.last, last < through, months.count < 120 { months.append(last.next) }
        return months
    }
}

extension Month {
    /// This month in Vietnam.
    static var current: Month {
        let now = Calendar.vietnam.dateComponents([.year, .month], from: Date())
        return Month(year: now.year ?? 2026, month: now.month ?? 1)
    }

    /// The first of the 12 months that end with this one.
    var yearEarlier: Month {
        Month(year: month == 12 ? year : year - 1, month: month % 12 + 1)
    }
}

extension AppServices {
    /// The province the path's `id` names, if the caller may read it (404 otherwise, as for
    /// communes: what a key may not see, it is not told exists).
    func provinceId(_ request: Request, _ context: AppRequestContext) throws -> Int64 {
        let identity = try context.requireIdentity()
        let id = try request.id(context: context)
        guard identity.canRead(province: id) else { throw APIProblem.notFound("province \(id)") }
        return id
    }
}
