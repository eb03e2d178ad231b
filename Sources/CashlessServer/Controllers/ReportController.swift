import Adoption
import Foundation
import Hummingbird
import Ledger
import Operations
import Roster
import VietnamCalendar

/// The cashless criterion: a market's equipped share, and every criterion of a commune.
struct ReportController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("markets/:id/adoption", use: adoption)
        group.get("communes/:id/cashless", use: cashless)
        group.get("communes/:id/cashless/history", use: history)
    }

    struct AdoptionView: ResponseEncodable {
        var marketId: Int64
        var market: String
        var adoption: MarketAdoption
        var label: String
        /// Open stalls whose account no payment code can carry: counted as surveyed, not equipped.
        var undrawable: [UndrawableStall]

        private enum CodingKeys: String, CodingKey { case marketId, market, stalls, open, equipped, label, undrawable }

        func encode(to encoder: any Encoder) throws {
            try adoption.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(marketId, forKey: .marketId)
            try container.encode(market, forKey: .market)
            try container.encode(label, forKey: .label)
            try container.encode(undrawable, forKey: .undrawable)
        }
    }

    @Sendable func adoption(_ request: Request, context: AppRequestContext) async throws -> AdoptionView {
        let market = try await services.market(try request.id(context: context), for: try context.requireIdentity())
        let adoption = MarketAdoption(stalls: try await services.ledger.stallCounts(market: market.id))
        return AdoptionView(
            marketId: market.id,
            market: market.name,
            adoption: adoption,
            label: adoption.label,
            undrawable: try await services.ledger.undrawableStalls(market: market.id)
        )
    }

    struct CashlessView: ResponseEncodable {
        var communeId: Int64
        var commune: String
        var met: Bool
        var criteria: [Criterion]
    }

    @Sendable func cashless(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try request.id(context: context)
        guard identity.canRead(commune: id) else { throw APIProblem.notFound("commune \(id)") }
        let standing = try await services.ledger.communeStanding(id)
        let commune = standing.commune
        let criteria = services.criteria(of: standing)
        if request.uri.queryParameters.get("format") == "csv" {
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8",
                    .contentDisposition: "attachment; filename=\"cashless-\(id).csv\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: Self.csv(criteria)))
            )
        }
        let view = CashlessView(communeId: id, commune: commune.name, met: criteria.allSatisfy(\.met), criteria: criteria)
        return try view.response(from: request, context: context)
    }

    /// One row per criterion, in Vietnamese, for a spreadsheet: UTF-8 with a byte order mark,
    /// CRLF, commas between cells (quoted when they hold one), numbers written the Vietnamese way
    /// (``VietnameseNumber``): `70,0%`, `2.535.000`.
    static func csv(_ criteria: [Criterion]) -> String {
        var lines = ["Tiêu chí,Giá trị,Tử số,Mẫu số,Mục tiêu,Đạt,Cách tính"]
        for criterion in criteria {
            lines.append(
                [
                    criterion.title, VietnameseNumber.percent(criterion.value) ?? "",
                    VietnameseNumber.grouped(Int64(criterion.value.numerator)), VietnameseNumber.grouped(Int64(criterion.value.denominator)),
                    VietnameseNumber.percent(criterion.target), criterion.met ? "có" : "không", criterion.computedFrom,
                ].map(CSVTable.cell).joined(separator: ",")
            )
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    struct MonthView: Encodable, Sendable {
        var month: String
        var markets: [MarketMonth]
    }

    struct MarketMonth: Encodable, Sendable {
        var marketId: Int64
        var equipped: Share
        var met: Bool
    }

    struct HistoryView: ResponseEncodable {
        var communeId: Int64
        var target: Double
        var months: [MonthView]
    }

    /// `?from=2026-01&to=2026-11`: the equipped share of each market at the end of each month
    /// (Asia/Ho_Chi_Minh); by default the last 12 months.
    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> HistoryView {
        let identity = try context.requireIdentity()
        let id = try request.id(context: context)
        guard identity.canRead(commune: id) else { throw APIProblem.notFound("commune \(id)") }
        _ = try await services.ledger.commune(id)
        let zone = TimeZone.vietnam
        let now = Calendar.vietnam.dateComponents([.year, .month], from: Date())
        let current = Month(year: now.year!, month: now.month!)
        let query = request.uri.queryParameters
        let through = try query.get("to").map { try Self.month($0, field: "to") } ?? current
        let from =
            try query.get("from").map { try Self.month($0, field: "from") }
            ?? Month(year: through.month == 12 ? through.year : through.year - 1, month: through.month % 12 + 1)
        let history = try await services.ledger.monthlyStallCounts(commune: id, from: from, through: through, timeZone: zone)
        let target = services.targets.marketEquipped
        return HistoryView(
            communeId: id,
            target: target,
            months: history.map { month in
                MonthView(
                    month: month.month.description,
                    markets: month.markets.map { market in
                        let share = MarketAdoption(stalls: market.stalls).equipped
                        return MarketMonth(marketId: market.marketId, equipped: share, met: share.reaches(target))
                    }
                )
            }
        )
    }

    static func month(_ text: String, field: String) throws -> Month {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (2000...2100).contains(year), (1...12).contains(month) else {
            throw APIProblem.badRequest("bad month", errors: [.init(field: field, reason: "is a month as YYYY-MM, such as 2026-11 (got '\(text)')")])
        }
        return Month(year: year, month: month)
    }
}

extension AppServices {
    /// The criteria of commune `id` now.
    func criteria(ofCommune id: Int64) async throws -> [Criterion] {
        criteria(of: try await ledger.communeStanding(id))
    }

    /// The criteria of a commune standing as `standing` says (``Reports/criteria(of:targets:)``).
    func criteria(of standing: CommuneStanding) -> [Criterion] {
        Reports.criteria(of: standing, targets: targets)
    }
}
