import Adoption
import Foundation
import Hummingbird
import Ledger
import VietnamCalendar

/// The commune officer's pages: every market, school and clinic of the commune with its criterion
/// met or not, the equipped and cashless shares by month, and the criteria as CSV. An admin first
/// sees the list of communes.
struct CommunePageController {
    let services: AppServices

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("communes", use: list)
        router.get("communes/:id", use: page)
        router.get("communes/:id/cashless.csv", use: csv)
    }

    struct ListPage {
        var title = "Các xã, phường"
        var signedIn: User
        var csrf: String
        var communes: [Commune]
    }

    struct Row {
        var title, basis, value, target: String
        var met: Bool
    }
    struct UnitLink { var name, kind, link: String }
    /// A line of the latest bank account changes: when, whose, from what to what, by whom.
    struct BankChangeLine { var at, whose, old, new, by: String }

    struct CommunePage {
        var title: String
        var signedIn: User
        var csrf: String
        var commune: Commune
        var met: Bool
        var criteria: [Row]
        var chart: String
        var units: [UnitLink]
        var bankChanges: [BankChangeLine]
    }

    /// How many of the latest bank account changes the page shows (the API lists them all).
    static let bankChangesShown = 10

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let identity = try context.requireIdentity()
        if identity.role == .commune { return Response(status: .seeOther, headers: [.location: "/communes/\(identity.scopeId ?? -1)"]) }
        if identity.role == .province { return Response(status: .seeOther, headers: [.location: "/provinces/\(identity.scopeId ?? -1)"]) }
        try identity.requireAdmin()
        let communes = try await Page.all { try await services.ledger.listCommunes(page: $0) }
        return Pages.render("communes", ListPage(signedIn: session.user, csrf: session.csrfToken, communes: communes))
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, communeId) = try self.commune(request, context)
        let standing = try await services.ledger.communeStanding(communeId)
        let (commune, units, criteria) = (standing.commune, standing.units, services.criteria(of: standing))
        let view = CommunePage(
            title: commune.name,
            signedIn: session.user,
            csrf: session.csrfToken,
            commune: commune,
            met: criteria.allSatisfy(\.met),
            criteria: criteria.map { criterion in
                Row(
                    title: criterion.title,
                    basis: criterion.computedFrom,
                    value: VietnameseNumber.percent(criterion.value) ?? "—",
                    target: VietnameseNumber.percent(criterion.target),
                    met: criterion.met
                )
            },
            chart: try await chart(commune.id),
            units: units.map { unit in
                UnitLink(name: unit.name, kind: Self.kindName(unit.kind), link: unit.kind == .market ? "/markets/\(unit.id)" : "/units/\(unit.id)")
            },
            bankChanges: try await bankChanges(commune.id, units: units)
        )
        return Pages.render("commune", view)
    }

    @Sendable func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, communeId) = try self.commune(request, context)
        let criteria = try await services.criteria(ofCommune: communeId)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"cashless-\(communeId).csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: ReportController.csv(criteria)))
        )
    }

    /// The last 12 months: the share of stalls displaying their code (all markets together) and the
    /// share of fees collected without cash.
    private func chart(_ communeId: Int64) async throws -> String {
        let zone = TimeZone.vietnam
        let now = Calendar.vietnam.dateComponents([.year, .month], from: Date())
        let through = Month(year: now.year ?? 2026, month: now.month ?? 1)
        let from = Month(year: through.month == 12 ? through.year : through.year - 1, month: through.month % 12 + 1)
        let stalls = try await services.ledger.monthlyStallCounts(commune: communeId, from: from, through: through, timeZone: zone)
        let fees = try await services.ledger.monthlyFeeTotals(commune: communeId, from: from, through: through)
        let equipped = stalls.map { month in
            month.markets.map { MarketAdoption(stalls: $0.stalls).equipped }.reduce(Share.empty, +).value
        }
        let cashless = fees.map { $0.totals.total == 0 ? nil : Double($0.totals.cashless) / Double($0.totals.total) }
        return ShareChart(
            months: stalls.map { String(format: "%02d/%02d", $0.month.month, $0.month.year % 100) },
            series: [
                .init(name: "Quầy treo mã QR", colour: "#1e7b34", values: equipped),
                .init(name: "Thu không tiền mặt", colour: "#0b5cad", values: cashless),
            ],
            target: services.targets.marketEquipped
        ).svg
    }

    /// The latest bank account changes of the commune's units and stalls, newest first.
    private func bankChanges(_ communeId: Int64, units: [UnitSummary]) async throws -> [BankChangeLine] {
        let names = Dictionary(units.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        func account(_ bin: String?, _ number: String?, _ holder: String?) -> String {
            guard let number else { return "(chưa có)" }
            let bank = bin.map { services.banks[bin: $0]?.shortName ?? $0 } ?? ""
            return [bank, number, holder.map { "(\($0))" } ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        }
        return try await services.ledger.latestBankAccountChanges(commune: communeId, limit: Self.bankChangesShown).map { change in
            let unit = names[change.unitId] ?? "đơn vị \(change.unitId)"
            return BankChangeLine(
                at: VietnameseDate.string(change.changedAt),
                whose: change.stall.map { "\(unit), quầy \($0)" } ?? unit,
                old: account(change.oldBankBin, change.oldAccount, change.oldHolder),
                new: account(change.newBankBin, change.newAccount, change.newHolder),
                by: change.changedBy
            )
        }
    }

    static func kindName(_ kind: CommuneUnit.Kind) -> String {
        switch kind {
        case .market: "chợ"
        case .school: "trường học"
        case .clinic: "trạm y tế"
        case .other: "đơn vị khác"
        }
    }

    /// The session and the commune the address names, if the signed-in person may read it.
    private func commune(_ request: Request, _ context: AppRequestContext) throws -> (UserSession, Int64) {
        let session = try context.requireSession()
        let id = try request.id(context: context)
        guard try context.requireIdentity().canRead(commune: id) else { throw APIProblem.notFound("commune \(id)") }
        return (session, id)
    }
}
