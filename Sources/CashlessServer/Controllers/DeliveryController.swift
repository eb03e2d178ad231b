import Foundation
import Hummingbird
import Ledger
import Operations

/// Receipts sent to payers: a bill's delivery log and a person's request to send again, and
/// each unit's messaging gateway (the signed callback for payers with a phone).
struct DeliveryController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("bills/:id/deliveries", use: list)
        group.post("bills/:id/deliveries", use: resend)
        group.get("units/:id/callback", use: callback)
        group.put("units/:id/callback", use: setCallback)
        group.delete("units/:id/callback", use: removeCallback)
    }

    struct DeliveryList: ResponseEncodable {
        var items: [Delivery]
    }

    /// The bill's deliveries, oldest first: the automatic one per channel and every resend.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> DeliveryList {
        let (bill, _) = try await services.bill(try request.id(context: context), for: try context.requireIdentity())
        return DeliveryList(items: try await services.ledger.deliveries(bill: bill.id))
    }

    struct ResendInput: Codable {
        /// `email` or `callback`; every channel the bill's contacts allow when absent.
        var channel: Delivery.Channel?
    }

    struct Resent: ResponseEncodable {
        var items: [Delivery]
        /// False when the `Idempotency-Key` was used before for this request: nothing new was queued.
        var created: Bool
    }

    /// Sends the bill's receipt again (202: queued; the log shows what became of it).
    @Sendable func resend(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Resent> {
        let identity = try context.requireIdentity()
        let (bill, unit) = try await services.bill(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        let hasBody = request.headers[.contentLength].flatMap(Int.init).map { $0 > 0 } ?? (request.headers[.contentType] != nil)
        let input = hasBody ? try await request.json(ResendInput.self, context: context, limit: .form) : ResendInput()
        let (deliveries, created) = try await services.ledger.resendReceipt(
            bill: bill.id,
            unit: unit.id,
            channels: input.channel.map { [$0] },
            key: request.headers[.idempotencyKey],
            by: identity.author
        )
        var response = EditedResponse(status: created ? .accepted : .ok, response: Resent(items: deliveries, created: created))
        if !created { response.headers[.idempotentReplayed] = "true" }
        return response
    }

    struct CallbackView: ResponseEncodable {
        var unitId: Int64
        var url: String
        var updatedAt: Date
        var updatedBy: String
        /// The new secret, shown only when it was made (the first time, or when asked for).
        var secret: String?
        var signatureHeader = BankSignature.signatureHeader
        var timestampHeader = BankSignature.timestampHeader
        var signs = "HMAC-SHA256 over <timestamp>.<body>, as sha256=<hex>"

        init(_ callback: UnitCallback, secret: String? = nil) {
            unitId = callback.unitId
            url = callback.url
            updatedAt = callback.updatedAt
            updatedBy = callback.updatedBy
            self.secret = secret
        }
    }

    /// The unit's gateway (404 when it has none); its secret is never shown again.
    @Sendable func callback(_ request: Request, context: AppRequestContext) async throws -> CallbackView {
        let unit = try await services.unit(try request.id(context: context), for: try context.requireIdentity())
        guard let callback = try await services.ledger.unitCallback(unit: unit.id) else {
            throw APIProblem.notFound("a callback of unit \(unit.id)")
        }
        return CallbackView(callback)
    }

    struct CallbackInput: Decodable {
        var url: String
        /// A new secret even though the unit has one (the old one stops signing).
        var renewSecret: Bool?
    }

    /// Sets the unit's gateway; the first time (or with `renewSecret`), a new secret, shown now only.
    @Sendable func setCallback(_ request: Request, context: AppRequestContext) async throws -> CallbackView {
        let identity = try context.requireIdentity()
        let unit = try await services.unit(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        let input = try await request.json(CallbackInput.self, context: context, limit: .form)
        let (callback, secret) = try await UnitCallbacks.set(
            url: input.url,
            renewSecret: input.renewSecret ?? false,
            unit: unit.id,
            by: identity.author,
            ledger: services.ledger,
            secrets: services.hookSecrets
        )
        return CallbackView(callback, secret: secret)
    }

    /// Removes the unit's gateway: receipts are no longer posted to it.
    @Sendable func removeCallback(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let unit = try await services.unit(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        guard try await services.ledger.removeUnitCallback(unit: unit.id) else {
            throw APIProblem.notFound("a callback of unit \(unit.id)")
        }
        return Response(status: .noContent)
    }
}
