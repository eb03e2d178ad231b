import Billing
import Foundation
import Hummingbird
import Ledger
import Operations
import Printing
import Receipts
import Rules
import VietnamCalendar

/// The bursar's pages of a school or clinic: the payments inbox with its match action, the open
/// bills (one or a class at a time), cash taken at the desk, the receipts, and a receipt's page
/// to print, share, replace or adjust.
struct BursarController {
    let services: AppServices

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("units/:id", use: page)
        router.post("units/:id/bills", use: createBill)
        router.post("units/:id/bills/import", use: importBills)
        router.get("units/:id/bills.pdf", use: slips)
        router.post("units/:id/cash", use: cash)
        router.post("payments/:id/match", use: match)
        router.get("receipts/{id}.pdf", use: receiptPDF)
        router.get("receipts/:id", use: receipt)
        router.post("receipts/:id/mend", use: mend)
    }

    struct Choice {
        var value, label: String
        var selected: Bool
    }
    struct InboxRow {
        var id: Int64
        var paidAt, content, amount: String
        var note: String?
        var choices: [Choice]
    }
    struct BillRow {
        var code, payerName, feeType, amount: String
        var payerReference: String?
        var dueDate: String?
    }
    struct ReceiptRow {
        var id: Int64
        var series, number, payerName, amount, method, status: String
    }

    struct UnitPage {
        var title: String
        var signedIn: User
        var csrf: String
        var unit: CommuneUnit
        var notice: String?
        var problemTitle: String?
        var problems: [ProblemList.Item]
        var hasProblems: Bool
        var inbox: [InboxRow]
        var bills: [BillRow]
        var billChoices: [Choice]
        var receipts: [ReceiptRow]
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, unit) = try await self.unit(request, context, manage: false)
        if unit.kind == .market { return Response(status: .seeOther, headers: [.location: "/markets/\(unit.id)"]) }
        return try await render(unit, session: session, notice: PageNotice.read(request, session: session))
    }

    @Sendable func createBill(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, unit, form) = try await posted(request, context)
        return try await attempt(unit, session) {
            let bill = NewBill(
                payerName: form.text("payerName") ?? "",
                payerReference: form.text("payerReference"),
                feeType: form.text("feeType") ?? "",
                amount: try Amount.parse(form.text("amount"), field: "amount"),
                dueDate: try form.text("dueDate").map { text throws(FieldProblem) in try BillDate.iso(text, field: "dueDate") }
            )
            let made = try await Bills.create([bill], unit: unit.id, by: try context.requireIdentity().author, ledger: services.ledger)
            return "Đã lập phiếu \(made[0].code) cho \(made[0].payerName)."
        }
    }

    @Sendable func importBills(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, unit, form) = try await posted(request, context)
        return try await attempt(unit, session) {
            guard let bytes = form.files["file"], let text = String(validating: bytes, as: UTF8.self) else {
                throw APIProblem.badRequest(
                    "Tệp không phải CSV UTF-8",
                    errors: [.init(field: "file", reason: "lưu bảng tính dưới dạng CSV UTF-8 rồi tải lên lại")]
                )
            }
            let entries = try services.billEntries(csv: text)
            let bills = try await Bills.create(entries, unit: unit.id, by: try context.requireIdentity().author, ledger: services.ledger)
            return "Đã lập \(bills.count) phiếu báo thu."
        }
    }

    @Sendable func slips(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, unit) = try await self.unit(request, context, manage: false)
        return .file(
            try await Printouts.billSlips(unit, status: .open, ledger: services.ledger, banks: services.banks, work: services.work),
            type: "application/pdf"
        )
    }

    /// Cash taken at the desk: a receipt with method cash, against a bill or for a payer and fee.
    @Sendable func cash(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, unit, form) = try await posted(request, context)
        return try await attempt(unit, session) {
            var receipt: NewReceipt
            if let billText = form.text("billId"), let billId = Int64(billText) {
                let bill = try await services.ledger.bill(billId)
                receipt = NewReceipt(
                    payerName: bill.payerName,
                    payerReference: bill.payerReference,
                    feeType: bill.feeType,
                    amount: bill.amountDue,
                    method: .cash,
                    billId: bill.id
                )
            } else {
                receipt = NewReceipt(
                    payerName: form.text("payerName") ?? "",
                    feeType: form.text("feeType") ?? "",
                    amount: try Amount.parse(form.text("amount"), field: "amount"),
                    method: .cash
                )
            }
            let sealer = services.sealer
            let issued = try await services.ledger.issueReceipt(
                receipt,
                unitId: unit.id,
                by: try context.requireIdentity().author,
                seal: { try sealer.seal($0) }
            ).receipt
            return "Đã lập biên lai \(issued.series) \(ReceiptNumbering.padded(issued.number)) (tiền mặt)."
        }
    }

    @Sendable func match(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let identity = try context.requireIdentity()
        let payment = try await services.ledger.payment(try request.id(context: context))
        let unit = try await services.unit(payment.unitId, for: identity)
        try identity.requireManage(unit)
        let form = try context.requireForm()
        return try await attempt(unit, session) {
            let sealer = services.sealer
            let (_, receipt) = try await services.ledger.resolvePayment(
                payment.id,
                billId: form.text("billId").flatMap { Int64($0) },
                payerName: nil,
                feeType: form.text("feeType"),
                by: identity.author,
                seal: { try sealer.seal($0) }
            )
            return "Đã ghi nhận chuyển khoản: biên lai \(receipt.series) \(ReceiptNumbering.padded(receipt.number))."
        }
    }

    @Sendable func receipt(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let identity = try context.requireIdentity()
        let (receipt, unit) = try await services.receipt(try request.id(context: context), for: identity)
        var page = try ReceiptPage(try await services.document(of: receipt, unit: unit), id: receipt.id, links: "")
        page.signedIn = session.user
        page.csrf = session.csrfToken
        if identity.canManage(unit), receipt.status == .issued {
            page.mend = .init(payerName: receipt.payerName, payerReference: receipt.payerReference, feeType: receipt.feeType, amount: receipt.amount)
        }
        return Pages.render("receipt", page)
    }

    @Sendable func receiptPDF(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireSession()
        let (receipt, unit) = try await services.receipt(try request.id(context: context), for: try context.requireIdentity())
        let paper: ReceiptPaper = request.uri.queryParameters.get("paper") == "58mm" ? .roll58mm : .a5
        let document = try await services.document(of: receipt, unit: unit)
        return .file(try await services.work.run { try document.pdf(paper: paper) }, type: "application/pdf")
    }

    /// Replaces or adjusts the receipt with a new one from the form; then the new receipt's page.
    @Sendable func mend(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let identity = try context.requireIdentity()
        let (original, unit) = try await services.receipt(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        let form = try context.requireForm()
        let kind: Supersession = form["kind"] == "adjust" ? .adjust : .replace
        let sealer = services.sealer
        do {
            let new = NewReceipt(
                payerName: form.text("payerName") ?? "",
                payerReference: form.text("payerReference"),
                feeType: form.text("feeType") ?? "",
                amount: try Amount.parse(form.text("amount"), field: "amount"),
                method: original.method,
                items: nil,
                billId: nil
            )
            let (receipt, _) = try await services.ledger.supersedeReceipt(
                original.id,
                kind,
                with: new,
                by: identity.author,
                seal: { try sealer.seal($0) }
            )
            return Response(status: .seeOther, headers: [.location: "/receipts/\(receipt.id)"])
        } catch let error as any ProblemConvertible where error.problem.status.code < 500 {
            return try await render(unit, session: session, problem: error.problem)
        }
    }

    private func attempt(_ unit: CommuneUnit, _ session: UserSession, _ work: () async throws -> String) async throws -> Response {
        try await formOutcome(back: "/units/\(unit.id)", session: session, work) { problem in
            try await render(unit, session: session, problem: problem)
        }
    }

    private func render(_ unit: CommuneUnit, session: UserSession, notice: String? = nil, problem: APIProblem? = nil) async throws -> Response {
        let bills = try await Page.all { try await services.ledger.listBills(unit: unit.id, status: .open, page: $0) }
        let inbox = try await Page.all { try await services.ledger.listPayments(unit: unit.id, waiting: true, page: $0) }
        let receipts = try await services.ledger.latestReceipts(unit: unit.id, limit: 50)
        func choices(selected: Int64?) -> [Choice] {
            [Choice(value: "", label: "—", selected: selected == nil)]
                + bills.map { bill in
                    Choice(
                        value: "\(bill.id)",
                        label: "\(bill.code) · \(bill.payerName) · \(Amount.formatted(bill.amountDue))",
                        selected: bill.id == selected
                    )
                }
        }
        let problems = ProblemList(problem)
        let page = UnitPage(
            title: unit.name,
            signedIn: session.user,
            csrf: session.csrfToken,
            unit: unit,
            notice: notice,
            problemTitle: problems.title,
            problems: problems.items,
            hasProblems: problems.any,
            inbox: inbox.map { payment in
                InboxRow(
                    id: payment.id,
                    paidAt: VietnameseDate.string(payment.paidAt),
                    content: payment.content,
                    amount: Amount.formatted(payment.amount),
                    note: payment.note,
                    choices: choices(selected: payment.billId)
                )
            },
            bills: bills.map { bill in
                BillRow(
                    code: bill.code,
                    payerName: bill.payerName,
                    feeType: bill.feeType,
                    amount: Amount.formatted(bill.amount),
                    payerReference: bill.payerReference,
                    dueDate: bill.dueDate.flatMap(BillDate.init)?.vietnamese
                )
            },
            billChoices: choices(selected: nil),
            receipts: receipts.map { receipt in
                ReceiptRow(
                    id: receipt.id,
                    series: receipt.series,
                    number: ReceiptNumbering.padded(receipt.number),
                    payerName: receipt.payerName,
                    amount: Amount.formatted(receipt.amount),
                    method: receipt.method.label,
                    status: receipt.status == .issued ? "đã phát hành" : receipt.status == .replaced ? "đã bị thay thế" : "đã bị điều chỉnh"
                )
            }
        )
        return Pages.render("unit", page, status: problem?.status ?? .ok)
    }

    private func posted(_ request: Request, _ context: AppRequestContext) async throws -> (UserSession, CommuneUnit, Form) {
        let (session, unit) = try await self.unit(request, context, manage: true)
        let form = try context.requireForm()
        return (session, unit, form)
    }

    private func unit(_ request: Request, _ context: AppRequestContext, manage: Bool) async throws -> (UserSession, CommuneUnit) {
        let session = try context.requireSession()
        let identity = try context.requireIdentity()
        let unit = try await services.unit(try request.id(context: context), for: identity)
        if manage { try identity.requireManage(unit) }
        return (session, unit)
    }
}
