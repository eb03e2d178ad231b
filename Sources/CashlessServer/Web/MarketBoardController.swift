import Adoption
import Foundation
import Hummingbird
import Ledger
import Operations
import Printing
import Roster
import Rules

/// The market board's page: the stalls with their equipment, the equipped share as a bar, adding
/// a stall, uploading the survey CSV, registering a stall from its QR code, printing the sheet.
struct MarketBoardController {
    let services: AppServices

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("markets/:id", use: page)
        router.post("markets/:id/stalls", use: addStall)
        router.post("markets/:id/import", use: importCSV)
        router.post("markets/:id/from-qr", use: fromQR)
        router.get("markets/:id/sheet.pdf", use: sheet)
    }

    struct StallRow { var stall, name, bank, account, status: String }
    struct Choice {
        var value, label: String
        var selected: Bool
    }

    /// The page's view; `notice` and `problems` report what the last form did.
    struct MarketPage {
        var title: String
        var signedIn: User
        var csrf: String
        var market: CommuneUnit
        var label: String
        var percent: Int
        var statuses: [Choice]
        var search: String
        var stalls: [StallRow]
        /// The next page of stalls (with the filter), when there are more than one page holds.
        var nextPage: String?
        var notice: String?
        var problemTitle: String?
        var problems: [ProblemList.Item]
        /// Stored, not computed: templates see stored properties only.
        var hasProblems: Bool
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, market) = try await self.market(request, context, manage: false)
        let query = Form(query: request)
        return try await render(
            market,
            session: session,
            status: query["status"].flatMap(EquipmentStatus.init(rawValue:)),
            search: query["search"] ?? "",
            after: query["after"].flatMap { Int64($0) },
            notice: PageNotice.read(request, session: session)
        )
    }

    /// How many stalls one page lists: a market of thousands is read a page at a time (by id,
    /// keyset), never whole.
    static let stallsPerPage = 200

    @Sendable func addStall(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, market) = try await self.market(request, context, manage: true)
        let form = try context.requireForm()
        return try await attempt(market, session: session) {
            let new = try services.newVendor(
                stall: form.text("stall") ?? "",
                name: form.text("name") ?? "",
                phone: form.text("phone"),
                bank: form.text("bank"),
                account: form.text("account"),
                holder: form.text("holder")
            )
            let vendor = try await services.ledger.createVendor(new, in: market.id, by: try context.requireIdentity().author)
            return "Đã thêm quầy \(vendor.stall) — \(vendor.name)."
        }
    }

    @Sendable func importCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, market) = try await self.market(request, context, manage: true)
        let form = try context.requireForm()
        return try await attempt(market, session: session) {
            guard let bytes = form.files["file"], let text = String(validating: bytes, as: UTF8.self) else {
                throw APIProblem.badRequest(
                    "Tệp không phải CSV UTF-8",
                    errors: [.init(field: "file", reason: "lưu bảng tính dưới dạng CSV UTF-8 rồi tải lên lại")]
                )
            }
            let entries = try services.stallEntries(csv: text)
            let summary = try await services.ledger.importStalls(entries, into: market.id, by: try context.requireIdentity().author)
            return "Đã nhập \(entries.count) dòng: \(summary.created) quầy mới, \(summary.updated) cập nhật, \(summary.unchanged) không đổi."
        }
    }

    @Sendable func fromQR(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, market) = try await self.market(request, context, manage: true)
        let form = try context.requireForm()
        return try await attempt(market, session: session) {
            let new = try services.stall(form.text("stall") ?? "", fromQR: form["payload"] ?? "", name: nil, holder: nil, phone: nil)
            let vendor = try await services.ledger.createVendor(new, in: market.id, by: try context.requireIdentity().author)
            return "Đã đăng ký quầy \(vendor.stall) — \(vendor.name) từ mã QR."
        }
    }

    @Sendable func sheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, market) = try await self.market(request, context, manage: false)
        return .file(
            try await Printouts.marketSheet(market, perPage: .four, ledger: services.ledger, banks: services.banks, work: services.work),
            type: "application/pdf"
        )
    }

    /// The form's work, then back to the page (or the page again with the problem).
    private func attempt(_ market: CommuneUnit, session: UserSession, _ work: () async throws -> String) async throws -> Response {
        try await formOutcome(back: "/markets/\(market.id)", session: session, work) { problem in
            try await render(market, session: session, problem: problem, answer: problem.status)
        }
    }

    private func render(
        _ market: CommuneUnit,
        session: UserSession,
        status filter: EquipmentStatus? = nil,
        search: String = "",
        after: Int64? = nil,
        notice: String? = nil,
        problem: APIProblem? = nil,
        answer: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let adoption = MarketAdoption(stalls: try await services.ledger.stallCounts(market: market.id))
        let listed = try await services.ledger.listVendors(
            in: market.id,
            VendorFilter(status: filter, search: search.isEmpty ? nil : search),
            page: PageRequest(limit: Self.stallsPerPage, after: after)
        )
        let vendors = listed.items
        let nextPage = listed.nextCursor.map { cursor in
            var query = [("after", "\(cursor)")]
            if let filter { query.append(("status", filter.rawValue)) }
            if !search.isEmpty { query.append(("search", search)) }
            let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            return "/markets/\(market.id)?"
                + query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")" }.joined(separator: "&")
        }
        let statuses =
            [Choice(value: "", label: "Tất cả", selected: filter == nil)]
            + EquipmentStatus.allCases.map { Choice(value: $0.rawValue, label: $0.vietnamese, selected: $0 == filter) }
        let problems = ProblemList(problem)
        let page = MarketPage(
            title: market.name,
            signedIn: session.user,
            csrf: session.csrfToken,
            market: market,
            label: adoption.label,
            percent: adoption.equipped.percent ?? 0,
            statuses: statuses,
            search: search,
            stalls: vendors.sorted { StallOrder.precedes($0.stall, $1.stall) }.map { vendor in
                StallRow(
                    stall: vendor.stall,
                    name: vendor.name,
                    bank: vendor.bankBin.map { services.banks[bin: $0]?.shortName ?? $0 } ?? "",
                    account: vendor.account ?? "",
                    status: vendor.status.vietnamese
                )
            },
            nextPage: nextPage,
            notice: notice,
            problemTitle: problems.title,
            problems: problems.items,
            hasProblems: problems.any
        )
        return Pages.render("market", page, status: answer)
    }

    /// The market of the path, if the signed-in person may see it (and, with `manage`, change it).
    private func market(_ request: Request, _ context: AppRequestContext, manage: Bool) async throws -> (UserSession, CommuneUnit) {
        let session = try context.requireSession()
        return (session, try await services.market(try request.id(context: context), for: try context.requireIdentity(), manage: manage))
    }
}
