import Billing
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging
import Operations
import Printing
import Rules
import VietnamCalendar

/// Money that came to a unit: its bank's signed notifications, imported statements, and the
/// inbox of transfers a person matches to bills or whose receipts wait to be sealed.
struct PaymentController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("units/:id/hook-secret", use: newSecret)
        group.post("units/:id/statements", use: importStatement)
        group.get("units/:id/payments", use: list)
        group.post("payments/:id/match", use: match)
        group.post("payments/:id/receipt", use: receipt)
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

    /// A new secret for the unit's bank notifications (the old one stops working), stored sealed
    /// under the servers' key (``HookSecrets``) and shown only now.
    @Sendable func newSecret(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<SecretView> {
        let (unit, _) = try await managedUnit(request, context)
        let secret = try await services.hookSecrets.renew(unit: unit.id, ledger: services.ledger)
        return EditedResponse(status: .created, response: SecretView(secret: secret))
    }

    struct HookAnswer: ResponseEncodable {
        var paymentId: Int64
        var status: Payment.Status
        /// True when the transaction id was recorded before: nothing changed.
        var duplicate: Bool
        var billId: Int64?
        var receiptId: Int64?
        /// Why the receipt of a payment that paid its bill waits (it is issued on a later try); in Vietnamese.
        var receiptProblem: String?
    }

    /// A bank's notification of a transfer to the unit, signed with the unit's secret over
    /// `<timestamp>.<body>`. A bad or missing signature, a timestamp more than five minutes off,
    /// or a unit without a secret get 401 and change nothing; a transaction id seen before
    /// changes nothing either. Once verified, the transfer is recorded and answered 200, whether
    /// or not its receipt could be sealed: a receipt that waits is issued on a later try (the
    /// bank's retry of the same notification is one).
    @Sendable func hook(_ request: Request, context: AppRequestContext) async throws -> HookAnswer {
        let unitId = try request.id(context: context)
        let body = Data(buffer: try await request.collect(.notification, context: context))
        // A unit without a secret (or no unit at all) is checked against a secret no one has: it
        // answers exactly what a wrong signature gets, so the answer tells nothing of the unit.
        let secret = try await services.hookSecrets.secret(unit: unitId, ledger: services.ledger) ?? BankSignature.newSecret()
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
        let recorded = try await record([payment], unit: unitId, by: "bank-hook", context: context)[0]
        return HookAnswer(
            paymentId: recorded.payment.id,
            status: recorded.payment.status,
            duplicate: !recorded.created,
            billId: recorded.payment.billId,
            receiptId: recorded.payment.receiptId,
            receiptProblem: recorded.payment.receiptProblem
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
        /// Payments of the statement that paid their bill but whose receipt waits to be sealed.
        var receiptsWaiting: Int
        var payments: [Payment]
    }

    /// `text/csv`, the bank's statement export: its credits recorded like notifications (a
    /// transaction already notified is not counted twice); all or nothing when a line is bad.
    /// Recorded whether or not the receipts can be sealed, as notifications are.
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
        let recorded = try await record(payments, unit: unit.id, by: identity.author, context: context)
        let new = recorded.filter(\.created)
        return StatementSummary(
            lines: lines.count,
            recorded: new.count,
            duplicates: recorded.count - new.count,
            matched: new.filter { $0.payment.status == .matched }.count,
            waiting: new.filter { $0.payment.status.isOpen }.count,
            receiptsWaiting: recorded.filter(\.payment.awaitsReceipt).count,
            payments: recorded.map(\.payment)
        )
    }

    /// The unit's payments: `?waiting=true` for the inbox, `false` for the done ones.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PageView<Payment> {
        let unit = try await services.unit(try request.id(context: context), for: try context.requireIdentity())
        let waiting = try request.query(PaymentQuery.self).waiting?.value
        return PageView(try await services.ledger.listPayments(unit: unit.id, waiting: waiting, page: try request.pageRequest())) { $0 }
    }

    struct MatchInput: Codable {
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
    /// With an `Idempotency-Key` sent before for the same match, the receipt it gave (200,
    /// `Idempotent-Replayed: true`); for another request, 422 `idempotency_key_reused`.
    @Sendable func match(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (payment, unit) = try await services.payment(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        let input = try await request.json(MatchInput.self, context: context)
        let claim = try request.idempotency("match payment \(payment.id)", input)
        let sealer = services.sealer
        let (resolved, receipt, created) = try await services.ledger.resolvePayment(
            payment.id,
            billId: input.billId,
            payerName: input.payerName,
            feeType: input.feeType,
            idempotency: claim,
            by: identity.author,
            seal: { try sealer.seal($0) }
        )
        var response = try MatchAnswer(payment: resolved, receipt: ReceiptView(receipt, services: services)).response(from: request, context: context)
        if !created { response.headers[.idempotentReplayed] = "true" }
        return response
    }

    /// Issues the receipt a payment waits for: it paid its bill, but its receipt could not be
    /// sealed then (the unit had no key, or the server that took it could not read it). 201 with
    /// the receipt; 200 with the one it has already (at most one per payment, whoever asks at
    /// once); 409 for a payment that waits for a person (match it), or when it still cannot be
    /// sealed (and the reason stays in the inbox).
    @Sendable func receipt(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (payment, unit) = try await services.payment(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        let (receipt, created): (Receipt, Bool)
        switch try await services.receiptWaiting(payment, by: identity.author) {
        case .success(let issued):
            (receipt, created) = issued
        case .failure(let failure):
            failure.log(to: context.logger)
            throw failure.error
        }
        var response = try ReceiptView(receipt, services: services).response(from: request, context: context)
        response.status = created ? .created : .ok
        return response
    }

    /// Records `payments` for unit `unitId` (``Payments/record(_:unit:by:ledger:sealer:)``); a receipt
    /// that waits is logged with what went wrong.
    private func record(
        _ payments: [NewPayment],
        unit unitId: Int64,
        by author: String,
        context: AppRequestContext
    ) async throws -> [Ledger.RecordedPayment] {
        let recorded = try await Payments.record(payments, unit: unitId, by: author, ledger: services.ledger, sealer: services.sealer)
        for failure in recorded.failures { failure.log(to: context.logger) }
        return recorded.payments
    }

    private func managedUnit(_ request: Request, _ context: AppRequestContext) async throws -> (CommuneUnit, Identity) {
        let identity = try context.requireIdentity()
        let unit = try await services.unit(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        return (unit, identity)
    }
}

extension Payment: ResponseEncodable {}

extension AppServices {
    /// Payment `id` and its unit, if the caller may see the unit (404 naming the payment
    /// otherwise, the same whether it does not exist or is another unit's).
    func payment(_ id: Int64, for identity: Identity) async throws -> (payment: Payment, unit: CommuneUnit) {
        let payment = try await ledger.payment(id)
        do {
            return (payment, try await unit(payment.unitId, for: identity))
        } catch let problem as APIProblem where problem.status == .notFound {
            throw APIProblem.notFound("payment \(id)")
        }
    }

    /// The receipt `payment` waits for, issued now (created), or the one it has (not created); or
    /// why it still cannot be sealed (noted for the inbox). A payment waiting for a person is a
    /// conflict (409).
    func receiptWaiting(_ payment: Payment, by author: String) async throws -> Result<(receipt: Receipt, created: Bool), Payments.ReceiptFailure> {
        if let receiptId = payment.receiptId { return .success((try await ledger.receipt(receiptId), false)) }
        guard payment.awaitsReceipt else {
            throw APIProblem.conflict(
                "payment \(payment.id) waits for a person to match it to a bill or a fee",
                errors: [.init(field: "status", reason: "is \(payment.status.rawValue)")]
            )
        }
        return await Payments.receipt(payment: payment.id, by: author, ledger: ledger, sealer: sealer)
    }
}

extension Payments.ReceiptFailure {
    /// A warning with the payment and what went wrong (the inbox shows only the reason).
    func log(to logger: Logger) {
        logger.warning(
            "a payment's receipt waits",
            metadata: ["payment": "\(paymentId)", "reason": "\(reason)", "error": "\(String(reflecting: error))"]
        )
    }
}

extension HTTPField.Name {
    /// Unix seconds when the bank signed a notification.
    static let hookTimestamp = Self("X-Cashless-Timestamp")!
    /// `sha256=<hex>`: HMAC-SHA256 with the unit's secret over `<timestamp>.<body>`.
    static let hookSignature = Self("X-Cashless-Signature")!
}
