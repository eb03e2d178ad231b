import Adoption
import Foundation
import Hummingbird
import Ledger
import Operations
import VietnamCalendar

/// The province officer's pages: every commune of the province ranked, with each kind of
/// criterion met or not, its equipped share and its cashless shares by count and by value, how
/// many communes meet all their criteria, the months as a chart, a link to each commune's page and
/// the report as CSV. An admin first sees the list of provinces.
struct ProvincePageController {
    let services: AppServices

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("provinces", use: list)
        router.get("provinces/:id", use: page)
        router.get("provinces/:id/cashless.csv", use: csv)
    }

    struct ListPage {
        var title = "Các tỉnh, thành phố"
        var signedIn: User
        var csrf: String
        var provinces: [Province]
    }

    /// A commune's line: ✓ met, ✗ not met, – none of that kind (the legend says so in words).
    struct Row {
        var rank: Int
        var id: Int64
        var name: String
        var markets, schools, clinics, fees: String
        var equipped, byCount, byValue: String
    }

    struct ProvincePage {
        var title: String
        var signedIn: User
        var csrf: String
        var province: Province
        /// "12/650".
        var meetingAll: String
        var equipped, byCount, byValue: String
        var equippedBasis, byCountBasis, byValueBasis: String
        var chart: String
        var rows: [Row]
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let identity = try context.requireIdentity()
        if identity.role == .province { return Response(status: .seeOther, headers: [.location: "/provinces/\(identity.scopeId ?? -1)"]) }
        try identity.requireAdmin()
        let provinces = try await Page.all { try await services.ledger.listProvinces(page: $0) }
        return Pages.render("provinces", ListPage(signedIn: session.user, csrf: session.csrfToken, provinces: provinces))
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let id = try services.provinceId(request, context)
        let (province, report) = try await services.provinceReports.report(id, ledger: services.ledger, targets: services.targets)
        func mark(_ met: Bool?) -> String { met.map { $0 ? "✓" : "✗" } ?? "–" }
        func percent(_ share: Share) -> String { VietnameseNumber.percent(share) ?? "–" }
        func count(_ value: Int) -> String { VietnameseNumber.grouped(Int64(value)) }
        let view = ProvincePage(
            title: province.name,
            signedIn: session.user,
            csrf: session.csrfToken,
            province: province,
            meetingAll: "\(count(report.meetingAll.numerator))/\(count(report.meetingAll.denominator))",
            equipped: percent(report.equipped),
            byCount: percent(report.cashlessByCount),
            byValue: percent(report.cashlessByValue),
            equippedBasis: "\(count(report.equipped.numerator)) / \(count(report.equipped.denominator)) quầy",
            byCountBasis: "\(count(report.cashlessByCount.numerator)) / \(count(report.cashlessByCount.denominator)) biên lai",
            byValueBasis:
                "\(VietnameseNumber.dong(UInt64(report.cashlessByValue.numerator))) / \(VietnameseNumber.dong(UInt64(report.cashlessByValue.denominator)))",
            chart: try await services.provinceReports.chart(id) { try await chart(id) },
            rows: report.communes.map { ranked in
                let tally = ranked.tally
                return Row(
                    rank: ranked.rank,
                    id: tally.communeId,
                    name: tally.name,
                    markets: mark(tally.meets("market_equipped")),
                    schools: mark(tally.meets("schools_collect_by_qr")),
                    clinics: mark(tally.meets("clinics_collect_by_qr")),
                    fees: mark(tally.meets("fees_cashless")),
                    equipped: percent(tally.equipped),
                    byCount: percent(tally.cashlessByCount),
                    byValue: percent(tally.cashlessByValue)
                )
            }
        )
        return Pages.render("province", view)
    }

    @Sendable func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireSession()
        let id = try services.provinceId(request, context)
        let report = try await services.provinceReports.report(id, ledger: services.ledger, targets: services.targets).report
        return ProvinceCSV.response(report, provinceId: id)
    }

    /// The last 12 months of the whole province: the share of stalls displaying their code and the
    /// share of fees (in đồng) collected without cash.
    private func chart(_ provinceId: Int64) async throws -> String {
        let through = Month.current
        let from = through.yearEarlier
        let months = ProvinceController.months(from: from, through: through)
        let history = Reports.history(
            try await services.ledger.provinceMonths(provinceId, from: from, through: through, timeZone: .vietnam),
            months: months
        )
        return ShareChart(
            months: months.map { String(format: "%02d/%02d", $0.month, $0.year % 100) },
            series: [
                .init(name: "Quầy treo mã QR", colour: "#1e7b34", values: history.months.map(\.equipped.value)),
                .init(name: "Thu không tiền mặt", colour: "#0b5cad", values: history.months.map(\.cashlessByValue.value)),
            ],
            target: services.targets.marketEquipped
        ).svg
    }
}
