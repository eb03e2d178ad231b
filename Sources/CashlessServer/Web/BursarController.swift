import Billing
import Foundation
import Hummingbird
import Ledger
import Operations
import Printing
import Receipts
import Rules
import VietnamCalendar

/// The bursar's pages of a school or clinic: the payments inbox with its match action (and the
/// transfers whose receipts wait to be sealed, with a retry), the open bills (one or a class at a
/// time), cash taken at the desk, the receipts, and a receipt's page to print, share, replace or
/// adjust. The forms that make a money record carry a one-time token (``OnceToken``): sent twice,
/// they make it once.
struct BursarController {
    let services: AppServices

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("units/:id", use: page)
        router.post("units/:id/bills", use: createBill)
        router.post("units/:id/bills/import", use: importBills)
        router.get("units/:id/bills.pdf", use: slips)
        router.post("units/:id/cash", use: cash)
        router.post("payments/:id/match", use: match)
        router.post("payments/:id/receipt", use: receiptAgain)
        router.get("receipts/{id}.pdf", use: receiptPDF)
        router.get("receipts/:id", use: receipt)
        router.post("receipts/:id/mend", use: mend)
    }

    /// An open bill as the shared list of the page's bill fields offers it (once per page).
    struct BillOption {
        var code, label: String
    }
    struct InboxRow {
        var id: Int64
        var paidAt, content, amount: String
        var note: String?
        /// The code of the bill it names, when that bill is still open: the match field starts with it.
        var billCode: String?
        /// It paid its bill, but its receipt waits to be sealed: the row offers a retry instead of a match.
        var waitsReceipt: Bool
        var receiptProblem: String?
        /// The match form's one-time token.
        var once: String
    }
    struct BillRow {
        var id: Int64
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
        /// The next page of the inbox and of the open bills, when there is more than a page holds.
        var inboxNext: String?
        var bills: [BillRow]
        var billsNext: String?
        var openBills: [BillOption]
        /// The cash form's one-time token.
        var cashOnce: String
        var receipts: [ReceiptRow]
        /// Receipts that could not be sent to their payers (and were not sent since).
        var failedDeliveries: [FailedDelivery]
        var hasFailedDeliveries: Bool
    }

    /// A delivery that failed for good, for the bursar to see and send again from its bill's page.
    struct FailedDelivery {
        var billId: Int64?
        var channel, target, error, time: String
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, unit) = try await self.unit(request, context, manage: false)
        if unit.kind == .market { return Response(status: .seeOther, headers: [.location: "/markets/\(unit.id)"]) }
        let query = Form(query: request)
        return try await render(
            unit,
            session: session,
            notice: PageNotice.read(request, session: session),
            inboxAfter: query["inbox"].flatMap { Int64($0) },
            billsAfter: query["bills"].flatMap { Int64($0) }
        )
    }

    /// How many waiting transfers and open bills the page lists at a time: a school of thousands
    /// of pupils is read a page at a time (by id, keyset), never whole.
    static let rowsPerPage = 100

    @Sendable func createBill(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, unit, form) = try await posted(request, context)
        return try await attempt(unit, session) {
            let bill = NewBill(
                payerName: form.text("payerName") ?? "",
                payerReference: form.text("payerReference"),
                feeType: form.text("feeType") ?? "",
                amount: try Amount.parse(form.text("amount"), field: "amount"),
                dueDate: try form.text("dueDate").map { text throws(FieldProblem) in try BillDate.iso(text, field: "dueDate") },
                payerEmail: form.text("payerEmail"),
                payerPhone: form.text("payerPhone")
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
            try await Printouts.billSlips(
                unit,
                status: .open,
                publicURL: services.publicURL,
                ledger: services.ledger,
                banks: services.banks,
                work: services.work
            ),
            type: "application/pdf"
        )
    }

    /// Cash taken at the desk: a receipt with method cash, against a bill (by its code, one of the
    /// unit's own) or for a payer and fee. Sent twice, it issues one receipt, and the second sending
    /// shows the first's.
    @Sendable func cash(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, unit, form) = try await posted(request, context)
        return try await attempt(unit, session) {
            let done = { (receipt: Receipt) in "Đã lập biên lai \(receipt.series) \(ReceiptNumbering.padded(receipt.number)) (tiền mặt)." }
            let receipt: NewReceipt
            let claim: IdempotencyClaim
            // The page names a bill by its code; its id is taken too. Either is looked up among the
            // unit's own bills: another unit's is refused as one that does not exist.
            let code = Self.billCode(form)
            if code != nil || form.text("billId") != nil {
                claim = try OnceToken.claim(form, "cash for bill", ["bill": code, "billId": form.text("billId")])
                if let earlier = try await services.ledger.receipt(replaying: claim, unit: unit.id) { return done(earlier) }
                let bill: Bill
                if let code {
                    bill = try await services.ledger.bill(unit: unit.id, code: code)
                } else if let text = form.text("billId"), let id = Int64(text) {
                    bill = try await services.ledger.bill(id, unit: unit.id)
                } else {
                    throw LedgerError.invalidReference(
                        FieldProblem(field: "billId", code: .unknownReference, reason: "the unit has no bill \(form.text("billId") ?? "")")
                    )
                }
                guard bill.status == .open else {
                    throw LedgerError.conflict(FieldProblem(field: "bill", reason: "bill \(bill.code) is paid already"))
                }
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
                claim = try OnceToken.claim(form, "cash receipt", receipt)
                if let earlier = try await services.ledger.receipt(replaying: claim, unit: unit.id) { return done(earlier) }
            }
            let sealer = services.sealer
            return done(
                try await services.ledger.issueReceipt(
                    receipt,
                    unitId: unit.id,
                    idempotency: claim,
                    by: try context.requireIdentity().author,
                    seal: { try sealer.seal($0) }
                ).receipt
            )
        }
    }

    /// A person matches a waiting transfer to one of the unit's open bills (by its code), or
    /// receipts it for a fee. Sent twice, it issues one receipt, and the second sending shows it.
    @Sendable func match(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let identity = try context.requireIdentity()
        let (payment, unit) = try await services.payment(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        let form = try context.requireForm()
        return try await attempt(unit, session) {
            let done = { (receipt: Receipt) in
                "Đã ghi nhận chuyển khoản: biên lai \(receipt.series) \(ReceiptNumbering.padded(receipt.number))."
            }
            let code = Self.billCode(form)
            let feeType = form.text("feeType")
            let claim = try OnceToken.claim(form, "match payment \(payment.id)", ["bill": code, "feeType": feeType])
            if let earlier = try await services.ledger.receipt(replaying: claim, unit: unit.id) { return done(earlier) }
            var billId: Int64?
            if let code { billId = try await services.ledger.bill(unit: unit.id, code: code).id }
            let sealer = services.sealer
            let (_, receipt, _) = try await services.ledger.resolvePayment(
                payment.id,
                billId: billId,
                payerName: nil,
                feeType: feeType,
                idempotency: claim,
                by: identity.author,
                seal: { try sealer.seal($0) }
            )
            return done(receipt)
        }
    }

    /// Tries again to issue the receipt a transfer waits for (it paid its bill, but its receipt
    /// could not be sealed then); when it still cannot, the page says why.
    @Sendable func receiptAgain(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let identity = try context.requireIdentity()
        let (payment, unit) = try await services.payment(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        return try await attempt(unit, session) {
            switch try await services.receiptWaiting(payment, by: identity.author) {
            case .success(let (receipt, _)):
                return "Đã lập biên lai \(receipt.series) \(ReceiptNumbering.padded(receipt.number)) cho chuyển khoản đã nhận."
            case .failure(let failure):
                failure.log(to: context.logger)
                throw APIProblem.conflict("chưa lập được biên lai: \(failure.reason)")
            }
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
            page.mend = .init(
                payerName: receipt.payerName,
                payerReference: receipt.payerReference,
                feeType: receipt.feeType,
                amount: receipt.amount,
                once: OnceToken.new()
            )
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
            // Sent twice, the form mends once: the second sending goes to the receipt the first made.
            let claim = try OnceToken.claim(form, "\(kind.rawValue) receipt \(original.id)", new)
            let receipt: Receipt
            if let earlier = try await services.ledger.receipt(replaying: claim, unit: unit.id) {
                receipt = earlier
            } else {
                receipt = try await services.ledger.supersedeReceipt(
                    original.id,
                    kind,
                    with: new,
                    idempotency: claim,
                    by: identity.author,
                    seal: { try sealer.seal($0) }
                ).receipt
            }
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

    private func render(
        _ unit: CommuneUnit,
        session: UserSession,
        notice: String? = nil,
        problem: APIProblem? = nil,
        inboxAfter: Int64? = nil,
        billsAfter: Int64? = nil
    ) async throws -> Response {
        let billPage = try await services.ledger.listBills(
            unit: unit.id,
            status: .open,
            page: PageRequest(limit: Self.rowsPerPage, after: billsAfter)
        )
        let inboxPage = try await services.ledger.listPayments(
            unit: unit.id,
            waiting: true,
            page: PageRequest(limit: Self.rowsPerPage, after: inboxAfter)
        )
        let (bills, inbox) = (billPage.items, inboxPage.items)
        let receipts = try await services.ledger.latestReceipts(unit: unit.id, limit: 50)
        let failed = try await services.ledger.failedDeliveries(unit: unit.id, limit: 50)
        // The open bills of the page are listed once, for every bill field of the page (not once
        // per transfer); a transfer naming a bill on another page gets that bill's code too.
        var codes = Dictionary(bills.map { ($0.id, $0.code) }, uniquingKeysWith: { first, _ in first })
        let named = inbox.compactMap(\.billId).filter { codes[$0] == nil }
        for bill in try await services.ledger.bills(named).values where bill.status == .open { codes[bill.id] = bill.code }
        let once = OnceToken.new()
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
                    billCode: payment.billId.flatMap { codes[$0] },
                    waitsReceipt: payment.awaitsReceipt,
                    receiptProblem: payment.receiptProblem,
                    once: "\(once)-p\(payment.id)"
                )
            },
            inboxNext: inboxPage.nextCursor.map { "/units/\(unit.id)?inbox=\($0)" + (billsAfter.map { "&bills=\($0)" } ?? "") },
            bills: bills.map { bill in
                BillRow(
                    id: bill.id,
                    code: bill.code,
                    payerName: bill.payerName,
                    feeType: bill.feeType,
                    amount: Amount.formatted(bill.amount),
                    payerReference: bill.payerReference,
                    dueDate: bill.dueDate.flatMap(BillDate.init)?.vietnamese
                )
            },
            billsNext: billPage.nextCursor.map { "/units/\(unit.id)?bills=\($0)" + (inboxAfter.map { "&inbox=\($0)" } ?? "") },
            openBills: bills.map { BillOption(code: $0.code, label: "\($0.payerName) · \(Amount.formatted($0.amountDue))") },
            cashOnce: "\(once)-cash",
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
            },
            failedDeliveries: failed.map { delivery in
                FailedDelivery(
                    billId: delivery.billId,
                    channel: delivery.channel == .email ? "Email" : "Cổng nhắn tin",
                    target: delivery.channel == .callback ? Contact.written(phone: delivery.target) : delivery.target,
                    error: delivery.lastError ?? "",
                    time: VietnameseDate.string(delivery.updatedAt)
                )
            },
            hasFailedDeliveries: !failed.isEmpty
        )
        return Pages.render("unit", page, status: problem?.status ?? .ok)
    }

    /// The bill code a form names (`bill`), as bills store it (`HP26 7K3QX`) when it reads as one.
    private static func billCode(_ form: Form) -> String? {
        form.text("bill").map { BillCode($0)?.description ?? $0 }
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
