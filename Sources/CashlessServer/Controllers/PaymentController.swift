import Billing
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Operations
import Printing
import Rules
import VietnamCalendar

/// Money that came to a unit: its bank's signed notifications, imported statements, and the
/// inbox of transfers a person matches to bills.
struct PaymentController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("units/:id/hook-secret", use: newSecret)
        group.post("units/:id/statements", use: importStatement)
        group.get("units/:id/payments", use: list)
        group.post("payments/:id/match", use: match)
    }

    /// The webhook lives outside `/v1`'s API keys: its HMAC signature authenticates it.
    func addPublicRoutes(to router: Router<AppRequestContext>) {
        router.post("v1/hooks/bank/:id", use: hook)
    }

    struct SecretView: ResponseEncodable {
        /// 64 hex digits, shown once.
        var secret: String
        var signatureHeader = HTTPField.Name.hookSignature.rawName
        var timestampHeader = HTTPField.Name.hookTimestamp.rawName
        var signs = "HMAC-SHA256 over <timestamp>.<body>, as sha256=<hex>"
    }

    /// A new secret for the unit's bank notifications (the old one stops working).
    @Sendable func newSecret(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<SecretView> {
        let (unit, _) = try await managedUnit(request, context)
        let secret = BankSignature.newSecret()
        try await services.ledger.setHookSecret(secret, unit: unit.id)
        return EditedResponse(status: .created, response: SecretView(secret: secret))
    }

    struct HookAnswer: ResponseEncodable {
        var paymentId: Int64
        var status: Payment.Status
        /// True when the transaction id was recorded before: nothing changed.
        var duplicate: Bool
        var billId: Int64?
        var receiptId: Int64?
    }

    /// A bank's notification of a transfer to the unit, signed with the unit's secret over
    /// `<timestamp>.<body>`. A bad or missing signature, a timestamp more than five minutes off,
    /// or a unit without a secret get 401 and change nothing; a transaction id seen before
    /// changes nothing either.
    @Sendable func hook(_ request: Request, context: AppRequestContext) async throws -> HookAnswer {
        let unitId = try request.id(context: context)
        let body = Data(buffer: try await request.collect(.notification, context: context))
        guard let secret = try await services.ledger.hookSecret(unit: unitId) else {
            throw APIProblem(.unauthorized, "unit \(unitId) takes no payment notifications (no secret is set)")
        }
        try BankSignature.verify(
            body: body,
            timestamp: request.headers[.hookTimestamp],
            signature: request.headers[.hookSignature],
            secret: secret,
            now: Date(),
            timestampHeader: HTTPField.Name.hookTimestamp.rawName,
            signatureHeader: HTTPField.Name.hookSignature.rawName
        )
        let notice: BankNotification
        do {
            notice = try BankNotification(json: body)
        } catch let error as DecodingError {
            throw APIProblem.badRequest("the notification is not the JSON this route takes", errors: [error.fieldError])
        }
        let payment = NewPayment(
            source: .webhook,
            bankTransactionId: notice.transactionId,
            amount: notice.amount.value,
            content: notice.content,
            payerName: notice.payerName,
            paidAt: notice.paidAt ?? Date()
        )
        let recorded = try await record([payment], unit: unitId, by: "bank-hook")[0]
        return HookAnswer(
            paymentId: recorded.payment.id,
            status: recorded.payment.status,
            duplicate: !recorded.created,
            billId: recorded.payment.billId,
            receiptId: recorded.payment.receiptId
        )
    }

    struct StatementSummary: ResponseEncodable {
        /// Credit lines in the statement.
        var lines: Int
        /// New payments recorded.
        var recorded: Int
        /// Lines whose transaction id was recorded before.
        var duplicates: Int
        /// New payments that paid a bill, each with its receipt.
        var matched: Int
        /// New payments waiting for a person.
        var waiting: Int
        var payments: [Payment]
    }

    /// `text/csv`, the bank's statement export: its credits recorded like notifications (a
    /// transaction already notified is not counted twice); all or nothing when a line is bad.
    @Sendable func importStatement(_ request: Request, context: AppRequestContext) async throws -> StatementSummary {
        let (unit, identity) = try await managedUnit(request, context)
        let text = try await request.csvText(context: context, what: "bank statement")
        let lines = try BankStatement.read(text)
        guard !lines.isEmpty else { throw APIProblem.unprocessable("the statement has no money coming in") }
        let payments = lines.map { line in
            NewPayment(
                source: .statement,
                bankTransactionId: line.transactionId,
                amount: line.amount,
                content: line.content,
                payerName: line.payerName,
                paidAt: Payments.paidAt(line)
            )
        }
        let recorded = try await record(payments, unit: unit.id, by: identity.author)
        let new = recorded.filter(\.created)
        return StatementSummary(
            lines: lines.count,
            recorded: new.count,
            duplicates: recorded.count - new.count,
            matched: new.filter { $0.payment.status == .matched }.count,
            waiting: new.filter { $0.payment.status.isOpen }.count,
            payments: recorded.map(\.payment)
        )
    }

    /// The unit's payments: `?waiting=true` for the inbox, `false` for the done ones.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PageView<Payment> {
        let unit = try await services.unit(try request.id(context: context), for: try context.requireIdentity())
        let waiting = try request.query(PaymentQuery.self).waiting?.value
        return PageView(try await services.ledger.listPayments(unit: unit.id, waiting: waiting, page: try request.pageRequest())) { $0 }
    }

    struct MatchInput: Decodable {
        /// The bill it pays; its payer and fee go on the receipt.
        var billId: Int64?
        /// Without a bill: whom the receipt names (the bank's payer name by default) and for what.
        var payerName: String?
        var feeType: String?
    }

    struct MatchAnswer: ResponseEncodable {
        var payment: Payment
        var receipt: ReceiptView
    }

    /// A person resolves a waiting payment: it is receipted against a bill, or for a payer and fee.
    @Sendable func match(_ request: Request, context: AppRequestContext) async throws -> MatchAnswer {
        let identity = try context.requireIdentity()
        let id = try request.id(context: context)
        let payment = try await services.ledger.payment(id)
        let unit: CommuneUnit
        do {
            unit = try await services.unit(payment.unitId, for: identity)
        } catch let problem as APIProblem where problem.status == .notFound {
            throw APIProblem.notFound("payment \(id)")
        }
        try identity.requireManage(unit)
        let input = try await request.json(MatchInput.self, context: context)
        let sealer = services.sealer
        let (resolved, receipt) = try await services.ledger.resolvePayment(
            id,
            billId: input.billId,
            payerName: input.payerName,
            feeType: input.feeType,
            by: identity.author,
            seal: { try sealer.seal($0) }
        )
        return MatchAnswer(payment: resolved, receipt: ReceiptView(receipt, services: services))
    }

    /// Records `payments` for unit `unitId` (``Payments/record(_:unit:by:ledger:sealer:)``).
    private func record(_ payments: [NewPayment], unit unitId: Int64, by author: String) async throws -> [Ledger.RecordedPayment] {
        try await Payments.record(payments, unit: unitId, by: author, ledger: services.ledger, sealer: services.sealer)
    }

    private func managedUnit(_ request: Request, _ context: AppRequestContext) async throws -> (CommuneUnit, Identity) {
        let identity = try context.requireIdentity()
        let unit = try await services.unit(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        return (unit, identity)
    }
}

extension Payment: ResponseEncodable {}

extension HTTPField.Name {
    /// Unix seconds when the bank signed a notification.
    static let hookTimestamp = Self("X-Cashless-Timestamp")!
    /// `sha256=<hex>`: HMAC-SHA256 with the unit's secret over `<timestamp>.<body>`.
    static let hookSignature = Self("X-Cashless-Signature")!
}
