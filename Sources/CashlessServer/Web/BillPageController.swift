import Billing
import Foundation
import Hummingbird
import Ledger
import Operations
import Printing
import Rules
import VietnamCalendar

/// The bursar's page of one bill: its payer's link to copy into a message, the payer's contacts
/// (seen only by the unit), the log of its receipt's deliveries to the payer, and what the unit
/// may do to it: cancel it when it was issued by mistake, give it a new link or revoke the link,
/// send its receipt again.
struct BillPageController {
    let services: AppServices

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("bills/:id", use: page)
        router.post("bills/:id/cancel", use: cancel)
        router.post("bills/:id/link", use: link)
        router.post("bills/:id/deliveries", use: resend)
    }

    struct BillPage {
        var title: String
        var signedIn: User
        var csrf: String
        var notice: String?
        var problemTitle: String?
        var problems: [ProblemList.Item]
        var hasProblems: Bool
        var id: Int64
        var unitId: Int64
        var unitName: String
        var code, payerName, feeType, amount, status, createdAt: String
        var payerReference, dueDate, payerEmail, payerPhone: String?
        var paid: String?
        var receiptId: Int64?
        var cancelled: String?
        var payUrl: String?
        /// The forms the unit's own staff get: cancel (an open bill that received nothing) and the link's.
        var canManage: Bool
        var canCancel: Bool
        /// The delivery log, oldest first.
        var deliveries: [DeliveryLine]
        var hasDeliveries: Bool
        /// The resend form: the bill has a receipt and somewhere to send it.
        var canResend: Bool
        var once: String
    }

    /// One delivery as the log shows it, in Vietnamese.
    struct DeliveryLine {
        var id: Int64
        var channel, target, status, statusCode, attempts, time: String
        var error: String?
        var requestedBy: String
        var failed: Bool
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let (bill, unit) = try await services.bill(try request.id(context: context), for: try context.requireIdentity())
        return try await render(bill, unit, session: session, notice: PageNotice.read(request, session: session), identity: context.requireIdentity())
    }

    /// Cancels the bill, with the reason the form gives.
    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, identity, bill, unit, form) = try await posted(request, context)
        return try await formOutcome(back: "/bills/\(bill.id)", session: session) {
            let cancelled = try await services.ledger.cancelBill(bill.id, unit: unit.id, reason: form.text("reason") ?? "", by: identity.author)
            return "Đã huỷ phiếu \(cancelled.code). Đường dẫn của người nộp nay báo phiếu đã huỷ."
        } render: { problem in
            try await render(bill, unit, session: session, problem: problem, identity: identity)
        }
    }

    /// `action=renew` gives the bill a new link (the old one stops working), `action=revoke` none.
    @Sendable func link(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, identity, bill, unit, form) = try await posted(request, context)
        return try await formOutcome(back: "/bills/\(bill.id)", session: session) {
            let renew = form["action"] != "revoke"
            _ = try await services.ledger.changePayLink(bill.id, unit: unit.id, renew: renew)
            return renew
                ? "Đã tạo đường dẫn mới cho phiếu \(bill.code); đường dẫn cũ không còn mở được phiếu."
                : "Đã thu hồi đường dẫn của phiếu \(bill.code); người nộp không còn mở được phiếu."
        } render: { problem in
            try await render(bill, unit, session: session, problem: problem, identity: identity)
        }
    }

    /// Sends the bill's receipt again to every contact it has (`channel` narrows it to one); the
    /// form's one-time token makes a second sending of the form queue nothing more.
    @Sendable func resend(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (session, identity, bill, unit, form) = try await posted(request, context)
        return try await formOutcome(back: "/bills/\(bill.id)", session: session) {
            let channel = try form.text("channel").map { text throws(APIProblem) in
                guard let channel = Delivery.Channel(rawValue: text) else {
                    throw APIProblem.badRequest("unknown channel", errors: [.init(field: "channel", reason: "must be email or callback")])
                }
                return channel
            }
            let claim = try OnceToken.claim(form, "resend bill \(bill.id)", ["channel": channel?.rawValue])
            let (queued, _) = try await services.ledger.resendReceipt(
                bill: bill.id,
                unit: unit.id,
                channels: channel.map { [$0] },
                key: claim.key,
                by: identity.author
            )
            let targets = queued.map(\.target).joined(separator: ", ")
            return "Đã xếp lịch gửi lại biên lai tới \(targets). Nhật ký bên dưới cho biết kết quả."
        } render: { problem in
            try await render(bill, unit, session: session, problem: problem, identity: identity)
        }
    }

    private func posted(
        _ request: Request,
        _ context: AppRequestContext
    ) async throws -> (UserSession, Identity, Bill, CommuneUnit, Form) {
        let session = try context.requireSession()
        let identity = try context.requireIdentity()
        let (bill, unit) = try await services.bill(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        return (session, identity, bill, unit, try context.requireForm())
    }

    private func render(
        _ bill: Bill,
        _ unit: CommuneUnit,
        session: UserSession,
        notice: String? = nil,
        problem: APIProblem? = nil,
        identity: Identity
    ) async throws -> Response {
        let problems = ProblemList(problem)
        let deliveries = try await services.ledger.deliveries(bill: bill.id)
        let hasGateway = try await services.ledger.unitCallback(unit: unit.id) != nil
        let status: String =
            switch bill.status {
            case .open: bill.paidAmount > 0 ? "chưa nộp đủ" : "chưa nộp"
            case .paid: "đã nộp"
            case .cancelled: "đã huỷ"
            }
        let page = BillPage(
            title: "Phiếu \(bill.code)",
            signedIn: session.user,
            csrf: session.csrfToken,
            notice: notice,
            problemTitle: problems.title,
            problems: problems.items,
            hasProblems: problems.any,
            id: bill.id,
            unitId: unit.id,
            unitName: unit.name,
            code: bill.code,
            payerName: bill.payerName,
            feeType: bill.feeType,
            amount: Amount.formatted(bill.amount),
            status: status,
            createdAt: VietnameseDate.string(bill.createdAt),
            payerReference: bill.payerReference,
            dueDate: bill.dueDate.flatMap(BillDate.init)?.vietnamese,
            payerEmail: bill.payerEmail,
            payerPhone: bill.payerPhone.map { Contact.written(phone: $0) },
            paid: bill.paidAmount > 0 ? Amount.formatted(bill.paidAmount) : nil,
            receiptId: bill.receiptId,
            cancelled: bill.cancelledAt.map { at in
                "Huỷ ngày \(VietnameseDate.string(at)) bởi \(bill.cancelledBy ?? "?"): \(bill.cancelReason ?? "")"
            },
            payUrl: bill.payToken.map { PayerLink.url($0, publicURL: services.publicURL) },
            canManage: identity.canManage(unit),
            canCancel: identity.canManage(unit) && bill.status == .open && bill.paidAmount == 0,
            deliveries: deliveries.map(Self.line),
            hasDeliveries: !deliveries.isEmpty,
            canResend: identity.canManage(unit) && bill.receiptId != nil && (bill.payerEmail != nil || (bill.payerPhone != nil && hasGateway)),
            once: OnceToken.new()
        )
        return Pages.render("bill", page, status: problem?.status ?? .ok)
    }

    /// A delivery in the log's words.
    static func line(_ delivery: Delivery) -> DeliveryLine {
        let status: String =
            switch delivery.status {
            case .queued: delivery.attempts == 0 ? "đang chờ gửi" : "chờ gửi lại lúc \(VietnameseDate.string(delivery.nextAttemptAt))"
            case .sending: "đang gửi"
            case .sent: "đã gửi"
            case .failed: "không gửi được"
            }
        return DeliveryLine(
            id: delivery.id,
            channel: delivery.channel == .email ? "Email" : "Cổng nhắn tin",
            target: delivery.channel == .callback ? Contact.written(phone: delivery.target) : delivery.target,
            status: status,
            statusCode: delivery.status.rawValue,
            attempts: "\(delivery.attempts)",
            time: VietnameseDate.string(delivery.sentAt ?? delivery.updatedAt),
            error: delivery.status == .sent ? nil : delivery.lastError,
            requestedBy: delivery.requestedBy.map { "gửi lại theo yêu cầu của \($0)" } ?? "tự động khi lập biên lai",
            failed: delivery.status == .failed
        )
    }
}
